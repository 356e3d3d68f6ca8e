using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>A held lease. Disposing it stops any keep-alive and releases it.</summary>
public sealed class Lease(RedisLeases owner, RedisKey key, string token, TimeSpan ttl) : IAsyncDisposable
{
    private CancellationTokenSource? _keepAlive;
    private Task? _renewal;

    public RedisKey Key { get; } = key;

    public string Token { get; } = token;

    public Task<bool> ExtendAsync(TimeSpan ttl) => owner.ExtendAsync(this, ttl);

    /// <summary>
    /// Keeps the lease for as long as the work under it runs: extends it by its TTL every third of the TTL until the
    /// lease is disposed. A failed extension (Redis briefly away) is tried again at the next turn.
    /// </summary>
    public Lease KeepAlive(TimeProvider time)
    {
        if (_keepAlive is null)
        {
            _keepAlive = new CancellationTokenSource();
            _renewal = RenewAsync(time, _keepAlive.Token);
        }

        return this;
    }

    private async Task RenewAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ttl / 3, time, cancellationToken);
                await ExtendAsync(ttl);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException)
            {
                // Tried again at the next turn; the lease's TTL covers two more.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null)
        {
            await _keepAlive.CancelAsync();
            await _renewal!;
            _keepAlive.Dispose();
        }

        await owner.ReleaseAsync(this);
    }
}
