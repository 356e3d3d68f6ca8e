using Quartz;

namespace Momentum.Bot.Scheduling;

/// <summary>Sends one subscription's weekly summary for the local date it is scheduled on.</summary>
[DisallowConcurrentExecution]
public sealed class WeeklyDigestJob(DigestService digests, ScheduleRuns runs) : IJob
{
    public const string Group = "digest";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(data.GetString("timezone")!);
        var fired = ScheduleRuns.SlotTime(context);
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fired, zone).DateTime);
        await digests.RunAsync(data.GetString("workspace")!, data.GetString("subscription")!, localDate, cancellationToken);
        await runs.RecordAsync(context.JobDetail.Key, fired);
    }
}
