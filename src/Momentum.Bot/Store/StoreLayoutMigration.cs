using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// Moves data stored under key layout 1 (no hash tags: <c>repo:owner/name:…</c>, <c>ws:slack:T1:…</c>,
/// <c>outbox:{id}</c> with one <c>outbox:due</c>, <c>answer:{id}</c> with one <c>answers</c>) to layout 2, where the keys
/// an atomic operation uses together share a Redis Cluster slot (see <see cref="RedisKeys"/>). It runs at start-up, after
/// <see cref="WorkspaceMigration"/> and before the scheduler and the endpoints; once per store (the <c>layout</c> key
/// says which layout the store is in), by one replica at a time (a lease), and every step may run again after a crash.
/// Replicas of the previous version must be stopped first: what they write afterwards, under the old names, is not
/// read.
/// </summary>
public sealed partial class StoreLayoutMigration(IConnectionMultiplexer redis, RedisKeys keys, RedisLeases leases, WorkspaceMigration workspaces, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<StoreLayoutMigration> logger) : StartupMigration(leases, time, lifetime)
{
    private IDatabase Db => redis.GetDatabase();

    protected override RedisKey Lease => keys.Lease("migrate:layout");

    public override async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Workspace ids are qualified first: this move relies on them.
        await workspaces.RunAsync(cancellationToken);
        return await base.RunAsync(cancellationToken);
    }

    protected override async Task<bool> IsDoneAsync() => (int?)await Db.StringGetAsync(keys.Layout) is { } layout && layout >= RedisKeys.LayoutVersion;

    protected override Task MarkDoneAsync() => Db.StringSetAsync(keys.Layout, RedisKeys.LayoutVersion);

    protected override void LogMigrated(int moved) => Migrated(logger, RedisKeys.LayoutVersion, moved);

    protected override void LogPostponed(string reason) => Postponed(logger, reason);

    protected override async Task<int> MigrateAsync()
    {
        var moved = 0;

        // A repository's keys: repo:owner/name:… → repo:{owner/name}:…
        var repos = keys.Prefix + "repo:";
        foreach (var key in await StoreKeyspace.ScanAsync(redis, repos + "*"))
        {
            var rest = key[repos.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !rest.StartsWith('{') && rest[..colon].Contains('/', StringComparison.Ordinal))
            {
                await StoreKeyspace.MoveAsync(redis, key, $"{repos}{{{rest[..colon]}}}{rest[colon..]}");
                moved++;
            }
        }

        // A workspace's keys: ws:slack:T1:… → ws:{slack:T1}:…
        var workspaceKeys = keys.Prefix + "ws:";
        foreach (var key in await StoreKeyspace.ScanAsync(redis, workspaceKeys + "*"))
        {
            var rest = key[workspaceKeys.Length..];
            if (!rest.StartsWith('{') && WorkspaceOf(rest) is { } workspace)
            {
                await StoreKeyspace.MoveAsync(redis, key, keys.Workspace(workspace) + rest[(workspace.Length + 1)..]);
                moved++;
            }
        }

        // Outbox items into their shards, with their places in the due and undeliverable queues.
        var outbox = keys.Prefix + "outbox:";
        foreach (var key in await StoreKeyspace.ScanAsync(redis, outbox + "*"))
        {
            var id = key[outbox.Length..];
            if (id is not ("due" or "undeliverable") && !id.StartsWith('{'))
            {
                await StoreKeyspace.MoveAsync(redis, key, keys.OutboxItem(id)!);
                moved++;
            }
        }

        moved += await SpreadAsync(outbox + "due", keys.OutboxDue);
        moved += await SpreadAsync(outbox + "undeliverable", keys.OutboxUndeliverable);

        // Promised answers likewise.
        var answers = keys.Prefix + "answer:";
        foreach (var key in await StoreKeyspace.ScanAsync(redis, answers + "*"))
        {
            var id = key[answers.Length..];
            if (!id.StartsWith('{'))
            {
                await StoreKeyspace.MoveAsync(redis, key, keys.PendingAnswer(id)!);
                moved++;
            }
        }

        moved += await SpreadAsync(keys.Prefix + "answers", keys.PendingAnswers);
        return moved;
    }

    /// <summary>The qualified workspace id a layout-1 key starts with (<c>slack:T1:aliases</c> → <c>slack:T1</c>); null when none.</summary>
    private static string? WorkspaceOf(string rest)
    {
        var first = rest.IndexOf(':', StringComparison.Ordinal);
        if (first <= 0)
        {
            return null;
        }

        if (WorkspaceIds.IsValid(rest[..first]))
        {
            return rest[..first];
        }

        var second = rest.IndexOf(':', first + 1);
        return second > first && WorkspaceIds.IsValid(rest[..second]) ? rest[..second] : null;
    }

    /// <summary>Moves each member of a layout-1 sorted set into its shard's sorted set (keeping its score), then drops the old set.</summary>
    private async Task<int> SpreadAsync(string from, Func<string, RedisKey> shardOf)
    {
        var entries = await Db.SortedSetRangeByRankWithScoresAsync(from);
        foreach (var entry in entries)
        {
            await Db.SortedSetAddAsync(shardOf(entry.Element.ToString()), entry.Element, entry.Score, SortedSetWhen.NotExists);
        }

        await Db.KeyDeleteAsync(from);
        return entries.Length > 0 ? 1 : 0;
    }

    [LoggerMessage(1, LogLevel.Information, "The store is now in key layout {Layout} (hash-tagged for Redis Cluster): moved {Keys} keys")]
    private static partial void Migrated(ILogger logger, int layout, int keys);

    [LoggerMessage(2, LogLevel.Warning, "Moving the store to the current key layout is postponed until Redis answers: {Reason}")]
    private static partial void Postponed(ILogger logger, string reason);
}
