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
public sealed partial class WorkspaceMigration(IConnectionMultiplexer redis, RedisKeys keys, RedisLeases leases, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<WorkspaceMigration> logger) : StartupMigration(leases, time, lifetime)
{
    public const string Name = "workspace-ids";

    private IDatabase Db => redis.GetDatabase();

    protected override RedisKey Lease => keys.Lease("migrate:" + Name);

    protected override Task<bool> IsDoneAsync() => Db.KeyExistsAsync(keys.Migrated(Name));

    protected override Task MarkDoneAsync() => Db.StringSetAsync(keys.Migrated(Name), Time.GetUtcNow().ToUnixTimeSeconds());

    protected override void LogMigrated(int moved) => Migrated(logger, moved);

    protected override void LogPostponed(string reason) => Postponed(logger, reason);

    protected override async Task<int> MigrateAsync()
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
