using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>A watchlist scan of one slot, as queued: its identity is the slot, so a slot is queued (and run) once.</summary>
public sealed record ScanQueueItem(string Workspace, string Watchlist, string Slot)
{
    public string Id => $"{Workspace}|{Watchlist}|{Slot}";

    public static ScanQueueItem? Parse(string id)
    {
        var parts = id.Split('|');
        return parts.Length == 3 && WorkspaceIds.IsValid(parts[0]) && parts[1].Length > 0 && parts[2].Length > 0 ? new ScanQueueItem(parts[0], parts[1], parts[2]) : null;
    }
}

/// <summary>A scan this replica claimed: run it under <see cref="Lease"/> (kept alive), then complete it.</summary>
public sealed record ClaimedScan(ScanQueueItem Item, Lease Lease);

/// <summary>
/// The scan queue every replica pulls from. Enqueueing an item whose slot was queued before does nothing; claiming
/// takes the first waiting item (by due time, each workspace's next item spaced a little later so one workspace's
/// hundred watchlists do not starve the others) under a lease in the same slot; an item whose
/// lease lapsed (its replica died) goes back to the queue with its place.
/// </summary>
public sealed class ScanQueueStore(IConnectionMultiplexer redis, RedisKeys keys, RedisLeases leases)
{
    /// <summary>A workspace's k-th waiting scan sorts k times this later than its due time.</summary>
    private static readonly TimeSpan FairnessSpacing = TimeSpan.FromMinutes(1);

    // KEYS: 1 waiting, 2 queued marker, 3 workspaces. ARGV: 1 id, 2 score without spacing, 3 workspace, 4 marker TTL ms, 5 spacing ms, 6 now ms
    private const string EnqueueScript = """
        if not redis.call('SET', KEYS[2], ARGV[6], 'NX', 'PX', ARGV[4]) then return 0 end
        local n = redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
        redis.call('ZADD', KEYS[1], tonumber(ARGV[2]) + (n - 1) * tonumber(ARGV[5]), ARGV[1])
        return 1
        """;

    // KEYS: 1 waiting, 2 running, 3 claim lease, 4 workspaces. ARGV: 1 id, 2 token, 3 ttl ms, 4 workspace
    private const string ClaimScript = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score then return 0 end
        if not redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[2], score, ARGV[1])
        if redis.call('HINCRBY', KEYS[4], ARGV[4], -1) <= 0 then redis.call('HDEL', KEYS[4], ARGV[4]) end
        return 1
        """;

    // KEYS: 1 running, 2 claim lease. ARGV: 1 id, 2 token
    private const string CompleteScript = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
        return 1
        """;

    // KEYS: 1 running, 2 waiting, 3 claim lease, 4 workspaces. ARGV: 1 id, 2 workspace
    private const string ReclaimScript = """
        if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[2], score, ARGV[1])
        redis.call('HINCRBY', KEYS[4], ARGV[2], 1)
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Queues the scan unless its slot was queued before (within <paramref name="remember"/>); true when queued.</summary>
    public async Task<bool> EnqueueAsync(ScanQueueItem item, DateTimeOffset due, DateTimeOffset now, TimeSpan remember)
    {
        ArgumentNullException.ThrowIfNull(item);
        var score = (double)due.ToUnixTimeMilliseconds();
        return (long)await Db.ScriptEvaluateAsync(EnqueueScript, [keys.ScanQueueWaiting, keys.ScanQueued(item.Id), keys.ScanQueueWorkspaces],
            [item.Id, score, item.Workspace, (long)remember.TotalMilliseconds, (long)FairnessSpacing.TotalMilliseconds, now.ToUnixTimeMilliseconds()]) == 1;
    }

    /// <summary>Claims the first waiting scan under a lease of <paramref name="ttl"/>; null when none waits.</summary>
    public async Task<ClaimedScan?> TryClaimAsync(TimeSpan ttl)
    {
        // A few candidates: another replica may claim the head between the read and the claim.
        foreach (var id in await Db.SortedSetRangeByRankAsync(keys.ScanQueueWaiting, 0, 7))
        {
            if (ScanQueueItem.Parse(id.ToString()) is not { } item)
            {
                await Db.SortedSetRemoveAsync(keys.ScanQueueWaiting, id);
                continue;
            }

            var token = Guid.NewGuid().ToString("N");
            var claim = keys.ScanClaim(item.Id);
            if ((long)await Db.ScriptEvaluateAsync(ClaimScript, [keys.ScanQueueWaiting, keys.ScanQueueRunning, claim, keys.ScanQueueWorkspaces],
                    [item.Id, token, (long)ttl.TotalMilliseconds, item.Workspace]) == 1)
            {
                return new ClaimedScan(item, new Lease(leases, claim, token, ttl));
            }
        }

        return null;
    }

    /// <summary>The scan ran (or can never run): it leaves the queue for good; its slot stays remembered.</summary>
    public async Task CompleteAsync(ClaimedScan claimed)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        await Db.ScriptEvaluateAsync(CompleteScript, [keys.ScanQueueRunning, claimed.Lease.Key], [claimed.Item.Id, claimed.Lease.Token]);
    }

    /// <summary>Puts back every claimed scan whose lease lapsed (its replica died or gave it up); how many.</summary>
    public async Task<int> ReclaimAbandonedAsync()
    {
        var reclaimed = 0;
        foreach (var id in await Db.SortedSetRangeByRankAsync(keys.ScanQueueRunning))
        {
            if (ScanQueueItem.Parse(id.ToString()) is { } item
                && (long)await Db.ScriptEvaluateAsync(ReclaimScript, [keys.ScanQueueRunning, keys.ScanQueueWaiting, keys.ScanClaim(item.Id), keys.ScanQueueWorkspaces], [item.Id, item.Workspace]) == 1)
            {
                reclaimed++;
            }
        }

        return reclaimed;
    }

    /// <summary>How many scans wait, how many run, and when the first waiting one was due (null when none waits).</summary>
    public async Task<(long Waiting, long Running, DateTimeOffset? OldestDue)> DepthAsync()
    {
        var waiting = Db.SortedSetLengthAsync(keys.ScanQueueWaiting);
        var running = Db.SortedSetLengthAsync(keys.ScanQueueRunning);
        var head = await Db.SortedSetRangeByRankWithScoresAsync(keys.ScanQueueWaiting, 0, 0);
        DateTimeOffset? oldest = head.Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)head[0].Score);
        return (await waiting, await running, oldest);
    }
}
