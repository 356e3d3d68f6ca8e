using Quartz;

namespace Momentum.Bot.Scheduling;

/// <summary>Scans one watchlist and raises its alerts. Fires on every replica; the scanner's lease lets one through.</summary>
[DisallowConcurrentExecution]
public sealed class ScanWatchlistJob(WatchlistScanner scanner, ScheduleRuns runs) : IJob
{
    public const string Group = "scan";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        await scanner.RunAsync(data.GetString("workspace")!, data.GetString("watchlist")!, ScheduleRuns.Slot(context), cancellationToken);
        await runs.RecordAsync(context.JobDetail.Key, ScheduleRuns.SlotTime(context));
    }
}
