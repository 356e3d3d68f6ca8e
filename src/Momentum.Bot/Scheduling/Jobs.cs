using System.Globalization;
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
        var slot = ScheduleRuns.Slot(context);
        await scanner.RunAsync(data.GetString("workspace")!, data.GetString("watchlist")!, slot, cancellationToken);
        await runs.RecordAsync(context.JobDetail.Key, ScheduleRuns.SlotTime(context));
    }
}

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

/// <summary>Delivers whatever is due in the outbox (new alerts are also delivered as they are raised).</summary>
[DisallowConcurrentExecution]
public sealed class DeliverOutboxJob(OutboxDelivery delivery) : IJob
{
    public static readonly JobKey Key = new("deliver", "outbox");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await delivery.DeliverDueAsync(cancellationToken);
}

/// <summary>When each scheduled job last ran, cluster-wide (in Redis), so a restart can run a missed slot once.</summary>
public sealed class ScheduleRuns(StackExchange.Redis.IConnectionMultiplexer redis, Store.RedisKeys keys)
{
    public const string SlotKey = "slot";

    /// <summary>The instant a fire stands for: the scheduled time, or the catch-up slot passed in the job data.</summary>
    public static DateTimeOffset SlotTime(IJobExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.MergedJobDataMap.TryGetString(SlotKey, out var slot) && long.TryParse(slot, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
    }

    /// <summary>The slot rounded to the minute: replicas firing the same schedule agree on it.</summary>
    public static string Slot(IJobExecutionContext context) =>
        (SlotTime(context).ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture);

    public Task RecordAsync(JobKey job, DateTimeOffset at) =>
        redis.GetDatabase().StringSetAsync(Key(job), at.ToUnixTimeSeconds(), TimeSpan.FromDays(60));

    public async Task<DateTimeOffset?> LastAsync(JobKey job)
    {
        var value = await redis.GetDatabase().StringGetAsync(Key(job));
        // RedisValue.Null parses as 0: a job that never ran has no last run, not one in 1970.
        return !value.IsNull && value.TryParse(out long seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }

    private string Key(JobKey job) => $"{keys.Prefix}schedule:last:{job.Group}:{job.Name}";
}
