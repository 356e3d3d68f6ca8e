using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// Expiring leases in Redis: one holder at a time cluster-wide, identified by a random token, so only the holder
/// extends or releases it and a holder that lost its lease (it expired) can no longer touch the new holder's.
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
        var token = Guid.NewGuid().ToString("N");
        return await redis.GetDatabase().StringSetAsync(key, token, ttl, When.NotExists) ? new Lease(this, key, token, ttl) : null;
    }

    public async Task<bool> IsHeldAsync(RedisKey key) => await redis.GetDatabase().KeyExistsAsync(key);

    /// <summary>
    /// Waits while someone holds <paramref name="key"/>, looking again every <paramref name="poll"/> on
    /// <paramref name="time"/>, for at most <paramref name="limit"/>; <paramref name="eachPoll"/> runs before each wait
    /// (to show the holder's progress, say). Answers how long it waited: zero when the lease was free.
    /// </summary>
    public async Task<TimeSpan> WaitWhileHeldAsync(RedisKey key, TimeSpan poll, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken, Func<Task>? eachPoll = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var waited = TimeSpan.Zero;
        while (waited < limit && await IsHeldAsync(key))
        {
            if (eachPoll is not null)
            {
                await eachPoll();
            }

            await Task.Delay(poll, time, cancellationToken);
            waited += poll;
        }

        return waited;
    }

    internal async Task<bool> ExtendAsync(Lease lease, TimeSpan ttl) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(ExtendScript, [lease.Key], [lease.Token, (long)ttl.TotalMilliseconds]) == 1;

    internal async Task ReleaseAsync(Lease lease) =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [lease.Key], [lease.Token]);
}
