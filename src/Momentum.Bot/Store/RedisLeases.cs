using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// Expiring leases in Redis: one holder at a time cluster-wide, released only by its holder, with a fencing number
/// that grows with every acquisition so a holder that lost its lease can be told apart from the current one.
/// </summary>
public sealed class RedisLeases(IConnectionMultiplexer redis)
{
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string ExtendScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    public async Task<Lease?> TryAcquireAsync(RedisKey key, TimeSpan ttl)
    {
        var db = redis.GetDatabase();
        var fence = await db.StringIncrementAsync(key.Append(":fence"));
        var token = $"{fence}:{Guid.NewGuid():N}";
        return await db.StringSetAsync(key, token, ttl, When.NotExists) ? new Lease(this, key, token, fence) : null;
    }

    public async Task<bool> IsHeldAsync(RedisKey key) => await redis.GetDatabase().KeyExistsAsync(key);

    internal async Task<bool> ExtendAsync(Lease lease, TimeSpan ttl) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(ExtendScript, [lease.Key], [lease.Token, (long)ttl.TotalMilliseconds]) == 1;

    internal async Task ReleaseAsync(Lease lease) =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [lease.Key], [lease.Token]);
}

public sealed class Lease(RedisLeases owner, RedisKey key, string token, long fence) : IAsyncDisposable
{
    public RedisKey Key { get; } = key;

    public string Token { get; } = token;

    /// <summary>Grows with every acquisition of this key: writes can be guarded by it.</summary>
    public long Fence { get; } = fence;

    public Task<bool> ExtendAsync(TimeSpan ttl) => owner.ExtendAsync(this, ttl);

    public async ValueTask DisposeAsync() => await owner.ReleaseAsync(this);
}
