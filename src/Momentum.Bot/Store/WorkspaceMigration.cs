using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// Moves data stored before workspace ids carried their platform (<c>ws:T123:…</c>, <c>ws:&lt;tenant&gt;:…</c>) to the
/// qualified ids (<c>ws:slack:T123:…</c>, <c>ws:teams:&lt;tenant&gt;:…</c>; <c>playground</c> keeps its keys), with the
/// records that name their workspace: subscriptions, the scheduler's indexes and last runs, outbox messages, Slack
/// installations and enterprise links. It runs at start-up, before the scheduler and the endpoints; once per store
/// (a marker key), by one replica at a time (a lease), and every step may run again after a crash.
/// </summary>
public sealed partial class WorkspaceMigration(IConnectionMultiplexer redis, RedisKeys keys, RedisLeases leases, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<WorkspaceMigration> logger) : IHostedService
{
    public const string Name = "workspace-ids";
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private IDatabase Db => redis.GetDatabase();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The host starts with Redis down (readiness says so): the migration runs as soon as the store is back.
            Postponed(logger, ex.Message);
            _ = RetryAsync(lifetime.ApplicationStopping);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates unless done; waits while another replica does it. True when this call moved anything.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        while (!await Db.KeyExistsAsync(keys.Migrated(Name)))
        {
            await using var lease = await leases.TryAcquireAsync(keys.Lease("migrate:" + Name), LeaseTtl);
            if (lease is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                continue;
            }

            var moved = await MigrateAsync();
            await Db.StringSetAsync(keys.Migrated(Name), time.GetUtcNow().ToUnixTimeSeconds());
            Migrated(logger, moved);
            return moved > 0;
        }

        return false;
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryDelay, time, cancellationToken);
                await RunAsync(cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Postponed(logger, ex.Message);
            }
        }
    }

    private async Task<int> MigrateAsync()
    {
        var moved = 0;
        var workspaces = keys.Prefix + "ws:";
        foreach (var key in await ScanAsync(workspaces + "*"))
        {
            var rest = key[workspaces.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            // Keys of the hash-tagged layout (ws:{slack:T1}:…) are qualified already.
            if (colon <= 0 || rest.StartsWith('{') || rest[..colon] is "slack" or "teams" or WorkspaceIds.Playground || WorkspaceIds.FromLegacy(rest[..colon]) is not { } workspace)
            {
                continue;
            }

            await MoveAsync(key, workspaces + workspace + rest[colon..]);
            moved++;
        }

        // Records that name their workspace, under the (new) keys.
        foreach (var key in await ScanAsync(workspaces + "*:subscriptions"))
        {
            var workspace = key[workspaces.Length..^":subscriptions".Length];
            if (!WorkspaceIds.IsValid(workspace))
            {
                continue;
            }

            foreach (var entry in await Db.HashGetAllAsync(key))
            {
                if (Rewrite(entry.Value, "workspace", workspace) is { } json)
                {
                    await Db.HashSetAsync(key, entry.Name, json);
                }
            }
        }

        foreach (var key in await ScanAsync(workspaces + "*:slack-installation"))
        {
            var workspace = key[workspaces.Length..^":slack-installation".Length];
            if (WorkspaceIds.IsValid(workspace) && Rewrite(await Db.StringGetAsync(key), "Workspace", workspace) is { } json)
            {
                await Db.StringSetAsync(key, json);
            }
        }

        foreach (var key in await ScanAsync(workspaces + "*:slack-enterprise"))
        {
            if (await Db.StringGetAsync(key) is { IsNullOrEmpty: false } enterprise && !WorkspaceIds.IsValid(enterprise) && WorkspaceIds.Slack(enterprise) is { } qualified)
            {
                await Db.StringSetAsync(key, qualified);
            }
        }

        await RewriteIndexAsync(keys.WatchlistIndex);
        await RewriteIndexAsync(keys.SubscriptionIndex);

        // Outbox items of layout 1 (outbox:{id}; StoreLayoutMigration moves them into shards afterwards).
        var outbox = keys.Prefix + "outbox:";
        foreach (var key in await ScanAsync(outbox + "*"))
        {
            if (key[outbox.Length..] is "due" or "undeliverable" || key[outbox.Length..].StartsWith('{'))
            {
                continue;
            }

            if (await Db.HashGetAsync(key, "workspace") is { IsNullOrEmpty: false } legacy && !WorkspaceIds.IsValid(legacy) && WorkspaceIds.FromLegacy(legacy!) is { } workspace)
            {
                await Db.HashSetAsync(key, "workspace", workspace);
            }
        }

        // Last runs of scans ("{workspace}|{watchlist}") and digests ("{workspace}|{subscription}").
        var lastRuns = keys.ScheduleLastRun("", "").ToString()[..^1];
        foreach (var key in await ScanAsync(lastRuns + "*"))
        {
            var rest = key[lastRuns.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            var bar = rest.IndexOf('|', StringComparison.Ordinal);
            if (colon > 0 && bar > colon && Qualified(rest[(colon + 1)..bar]) is { } workspace)
            {
                await MoveAsync(key, lastRuns + rest[..(colon + 1)] + workspace + rest[bar..]);
            }
        }

        return moved;
    }

    private async Task RewriteIndexAsync(RedisKey index)
    {
        foreach (var member in await Db.SetMembersAsync(index))
        {
            var text = member.ToString();
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && Qualified(text[..bar]) is { } workspace)
            {
                await Db.SetAddAsync(index, workspace + text[bar..]);
                await Db.SetRemoveAsync(index, member);
            }
        }
    }

    /// <summary>The qualified id of a legacy one; null when it is qualified already (or not a workspace).</summary>
    private static string? Qualified(string workspace) => WorkspaceIds.IsValid(workspace) ? null : WorkspaceIds.FromLegacy(workspace);

    /// <summary>The JSON with <paramref name="field"/> set to the workspace; null when it already says so (or is not JSON).</summary>
    private static string? Rewrite(RedisValue value, string field, string workspace)
    {
        JsonObject? record;
        try
        {
            record = value.IsNullOrEmpty ? null : JsonNode.Parse((string)value!) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            record = null;
        }

        if (record is null || record[field] is not JsonValue current || current.GetValueKind() != System.Text.Json.JsonValueKind.String || (string?)current == workspace)
        {
            return null;
        }

        record[field] = workspace;
        return record.ToJsonString();
    }

    private Task MoveAsync(string from, string to) => StoreKeyspace.MoveAsync(redis, from, to);

    private Task<List<string>> ScanAsync(string pattern) => StoreKeyspace.ScanAsync(redis, pattern);

    [LoggerMessage(1, LogLevel.Information, "Workspace ids now carry their platform: moved {Keys} keys of unqualified workspaces")]
    private static partial void Migrated(ILogger logger, int keys);

    [LoggerMessage(2, LogLevel.Warning, "Moving workspace data to platform-qualified ids is postponed until Redis answers: {Reason}")]
    private static partial void Postponed(ILogger logger, string reason);
}
