using Microsoft.Extensions.Options;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;

namespace Momentum.Bot.Scheduling;

/// <summary>
/// The shared scan queue as the scheduler sees it: Quartz's fires and operators put slots in, this replica's workers
/// (<see cref="ScanQueueWorkers"/>) are woken at once, other replicas' on their next poll.
/// </summary>
public sealed class QueuedScans(ScanQueueStore store, SchedulingMetrics metrics, TimeProvider time, IOptions<SchedulingOptions> options) : IDisposable
{
    // At most one wake-up pending per worker: a burst of enqueues wakes each worker once.
    private readonly SemaphoreSlim _queued = new(0, 64);

    public ScanQueueStore Store => store;

    /// <summary>A slot is remembered this long: a late or repeated fire of it within two cycles queues nothing.</summary>
    private TimeSpan Remember => options.Value.ScanInterval * 2;

    /// <summary>Queues the scan unless its slot was queued before; true when queued.</summary>
    public async Task<bool> EnqueueAsync(ScanQueueItem item, DateTimeOffset due)
    {
        var queued = await store.EnqueueAsync(item, due, time.GetUtcNow(), Remember);
        metrics.ScanQueued(queued);
        if (queued)
        {
            Wake(options.Value.ScanConcurrency);
        }

        return queued;
    }

    /// <summary>Resolves when something was queued on this replica, or after the poll interval.</summary>
    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_queued.WaitAsync(wake.Token), Task.Delay(options.Value.ScanQueuePollInterval, time, wake.Token));
        await wake.CancelAsync();
    }

    private void Wake(int workers)
    {
        for (var i = 0; i < workers; i++)
        {
            try
            {
                _queued.Release();
            }
            catch (SemaphoreFullException)
            {
                return;
            }
        }
    }

    public void Dispose() => _queued.Dispose();

    /// <summary>For <c>/readyz</c>: a warning when scans wait longer than half a cycle (the replicas fall behind).</summary>
    public ReadinessProbe Probe => new("scan queue", async _ =>
    {
        var (waiting, running, oldest) = await store.DepthAsync();
        metrics.ScanQueueDepth(waiting);
        var late = oldest is { } due ? time.GetUtcNow() - due : TimeSpan.Zero;
        return late > options.Value.ScanInterval / 2
            ? $"{waiting} scans waiting ({running} running), the oldest due {late.TotalMinutes:0} min ago: add replicas or raise Scheduling__ScanConcurrency"
            : null;
    });
}
