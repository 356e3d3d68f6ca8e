using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// The skeleton a start-up migration of the store shares: it runs before the scheduler and the endpoints; once per
/// store (<see cref="IsDoneAsync"/> reads the marker, <see cref="MarkDoneAsync"/> writes it), by one replica at a time (a
/// lease) while the others wait, and when Redis is down at start-up (readiness says so) as soon as the store is back.
/// A migration supplies only its moves, which must be safe to run again after a crash.
/// </summary>
public abstract class StartupMigration(RedisLeases leases, TimeProvider time, IHostApplicationLifetime lifetime) : IHostedService
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WaitForOther = TimeSpan.FromSeconds(1);

    protected TimeProvider Time => time;

    /// <summary>The lease that keeps other replicas from migrating at the same time.</summary>
    protected abstract RedisKey Lease { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogPostponed(ex.Message);
            _ = RetryAsync(lifetime.ApplicationStopping);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates unless done; waits while another replica does it. The number of keys this call moved.</summary>
    public virtual async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        while (!await IsDoneAsync())
        {
            await using var lease = await leases.TryAcquireAsync(Lease, LeaseTtl);
            if (lease is null)
            {
                await Task.Delay(WaitForOther, time, cancellationToken);
                continue;
            }

            var moved = await MigrateAsync();
            await MarkDoneAsync();
            LogMigrated(moved);
            return moved;
        }

        return 0;
    }

    protected abstract Task<bool> IsDoneAsync();

    /// <summary>The moves; the number of keys moved.</summary>
    protected abstract Task<int> MigrateAsync();

    protected abstract Task MarkDoneAsync();

    protected abstract void LogMigrated(int moved);

    protected abstract void LogPostponed(string reason);

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
                LogPostponed(ex.Message);
            }
        }
    }
}
