using Microsoft.Extensions.Options;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;

namespace Momentum.Bot.Scheduling;

/// <summary>
/// <c>Scheduling__ScanConcurrency</c> workers on this replica pulling from the shared scan queue: each claims the first
/// waiting scan under a lease it keeps alive while the scan runs (so the lease lasts as long as the work), runs it,
/// and completes it. Before each claim, scans whose lease lapsed (their replica died) are put back in the queue.
/// </summary>
public sealed partial class ScanQueueWorkers(
    QueuedScans queue,
    WatchlistScanner scanner,
    SchedulingMetrics metrics,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    ILogger<ScanQueueWorkers> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.ScanConcurrency).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var store = queue.Store;
        while (!stoppingToken.IsCancellationRequested)
        {
            ClaimedScan? claimed = null;
            try
            {
                await store.ReclaimAbandonedAsync();
                claimed = await store.TryClaimAsync(options.Value.LeaseTtl);
                metrics.ScanQueueDepth((await store.DepthAsync()).Waiting);
            }
            catch (Exception ex) when (StoreUnavailable.Is(ex) || ex is StackExchange.Redis.RedisException)
            {
                QueueUnavailable(logger, ex.Message);
            }

            if (claimed is null)
            {
                try
                {
                    await queue.WaitAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            await RunAsync(store, claimed, stoppingToken);
        }
    }

    private async Task RunAsync(ScanQueueStore store, ClaimedScan claimed, CancellationToken stoppingToken)
    {
        var item = claimed.Item;
        await using var lease = claimed.Lease.KeepAlive(time);
        try
        {
            await scanner.RunAsync(item.Workspace, item.Watchlist, item.Slot, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the lease is released below, and another worker (here or elsewhere) takes the scan again.
            return;
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex) || ex is StackExchange.Redis.RedisException)
        {
            // Not completed: once the lease is released the scan goes back to the queue.
            ScanFailed(logger, item.Id, ex.Message);
            return;
        }
#pragma warning disable CA1031 // A scan that fails for its own reasons must not stop the worker; the scanner counted it as failed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ScanFailed(logger, item.Id, ex.Message);
        }

        try
        {
            await store.CompleteAsync(claimed);
        }
        catch (StackExchange.Redis.RedisException ex)
        {
            // Left claimed: when the lease is released it is queued again, and the scan's own slot lease and the
            // outbox's ids keep a second run from alerting twice.
            ScanFailed(logger, item.Id, ex.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "The scan queue is unavailable: {Reason}")]
    private static partial void QueueUnavailable(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Queued scan {Item} failed: {Reason}")]
    private static partial void ScanFailed(ILogger logger, string item, string reason);
}
