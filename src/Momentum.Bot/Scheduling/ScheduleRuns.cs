using System.Globalization;
using Momentum.Bot.Store;
using Quartz;
using StackExchange.Redis;

namespace Momentum.Bot.Scheduling;

/// <summary>When each scheduled job last ran, cluster-wide (in Redis), so a restart can run a missed slot once.</summary>
public sealed class ScheduleRuns(IConnectionMultiplexer redis, RedisKeys keys)
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

    private RedisKey Key(JobKey job) => keys.ScheduleLastRun(job.Group, job.Name);
}
