using Momentum.Bot.Store;
using Quartz;

namespace Momentum.Bot.Scheduling;

/// <summary>
/// Puts one watchlist's scan of this slot into the shared queue (the scan workers of every replica run it). Fires on
/// every replica; the slot is queued once, however many fire and however late.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScanWatchlistJob(QueuedScans queue, ScheduleRuns runs) : IJob
{
    public const string Group = "scan";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        await queue.EnqueueAsync(new ScanQueueItem(data.GetString("workspace")!, data.GetString("watchlist")!, ScheduleRuns.Slot(context)), ScheduleRuns.SlotTime(context));
        await runs.RecordAsync(context.JobDetail.Key, ScheduleRuns.SlotTime(context));
    }
}
