using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Momentum.Bot.Store;
using Quartz;

namespace Momentum.Bot.Scheduling;

/// <summary>
/// Keeps this replica's Quartz schedule equal to what Redis says: a scan job per watchlist (every
/// <c>Scheduling__ScanInterval</c>, offset per watchlist), a weekly digest job per subscription at its local day and
/// time (Quartz handles DST), and the delivery job. It rebuilds everything at start-up (the schedule survives
/// restarts), re-reads Redis every <c>Scheduling__ResyncInterval</c> and at once after a change on this replica, and
/// runs a slot missed during downtime once — not once per missed slot.
/// </summary>
public sealed partial class ScheduleSynchronizer(
    ISchedulerFactory factory,
    WatchlistStore watchlists,
    GitHub.ScanCoordinator scans,
    ScheduleRuns runs,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    ILogger<ScheduleSynchronizer> logger) : BackgroundService
{
    // At most one wake-up pending: several changes in a row cause one resync.
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly SemaphoreSlim _syncing = new(1, 1);

    public async Task<IScheduler> SchedulerAsync(CancellationToken cancellationToken) => await factory.GetScheduler(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        watchlists.SchedulesChanged += Wake;
        var scheduler = await SchedulerAsync(stoppingToken);
        var interval = options.Value.DeliveryInterval;
        await scheduler.ScheduleJob(
            JobBuilder.Create<DeliverOutboxJob>().WithIdentity(DeliverOutboxJob.Key).Build(),
            [TriggerBuilder.Create(time).WithIdentity("deliver", "outbox").StartAt(time.GetUtcNow() + interval)
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)).Build()],
            new ScheduleJobOptions { Replace = true },
            stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(stoppingToken);
                // A scan a dead replica left half done goes on here, whoever asks for that project next.
                await scans.ResumeInterruptedAsync();
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or SchedulerException)
            {
                SyncFailed(logger, ex.Message);
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(_changed.WaitAsync(wake.Token), Task.Delay(options.Value.ResyncInterval, time, wake.Token));
            await wake.CancelAsync();
        }
    }

    /// <summary>Makes the schedule match Redis; returns how many jobs it added, changed or removed. One at a time.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        await _syncing.WaitAsync(cancellationToken);
        try
        {
            return await SyncOnceAsync(cancellationToken);
        }
        finally
        {
            _syncing.Release();
        }
    }

    private async Task<int> SyncOnceAsync(CancellationToken cancellationToken)
    {
        var scheduler = await SchedulerAsync(cancellationToken);
        var now = time.GetUtcNow();
        var desired = new Dictionary<JobKey, DesiredJob>();
        var interval = options.Value.ScanInterval;
        var scanSignature = interval.ToString("c", CultureInfo.InvariantCulture);
        foreach (var (workspace, name) in await watchlists.AllWatchlistsAsync())
        {
            var key = new JobKey($"{workspace}|{name}", ScanWatchlistJob.Group);
            desired[key] = new DesiredJob(scanSignature, () => ScanJob(key, workspace, name, scanSignature, now), async () =>
                await runs.LastAsync(key) is { } last && now - last >= interval ? last + interval : null);
        }

        foreach (var subscription in await watchlists.AllSubscriptionsAsync())
        {
            if (!subscription.Weekly || !TimeZoneInfo.TryFindSystemTimeZoneById(subscription.TimeZone, out var zone))
            {
                continue;
            }

            var key = new JobKey($"{subscription.Workspace}|{subscription.Id}", WeeklyDigestJob.Group);
            var signature = $"{subscription.Day}|{subscription.Time:HH:mm}|{zone.Id}";
            desired[key] = new DesiredJob(signature, () => DigestJob(key, subscription, zone, signature, now), async () =>
            {
                var due = LastOccurrence(new CronExpression(WeeklyCron(subscription.Day, subscription.Time), zone), now);
                var last = await runs.LastAsync(key);
                return due is { } d && d > subscription.CreatedAt && (last is null || last < d) && now - d <= options.Value.DigestCatchUp ? d : null;
            });
        }

        var changes = 0;
        foreach (var group in new[] { ScanWatchlistJob.Group, WeeklyDigestJob.Group })
        {
            foreach (var existing in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(group), cancellationToken))
            {
                if (!desired.ContainsKey(existing))
                {
                    await scheduler.DeleteJob(existing, cancellationToken);
                    changes++;
                }
            }
        }

        foreach (var (key, wanted) in desired)
        {
            var current = await scheduler.GetJobDetail(key, cancellationToken);
            if (current is not null && current.JobDataMap.GetString("signature") == wanted.Signature)
            {
                continue;
            }

            var (job, trigger) = wanted.Build();
            await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
            changes++;
            if (current is null && await wanted.CatchUp() is { } slot)
            {
                // Missed while no replica ran: once now, for the slot it missed (every replica agrees on it).
                await scheduler.TriggerJob(key, new JobDataMap { [ScheduleRuns.SlotKey] = slot.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) }, cancellationToken);
                CatchingUp(logger, key.ToString(), slot);
            }
        }

        return changes;
    }

    /// <summary>A job as Redis wants it: what identifies its schedule, how to build it, and the slot it missed (asked only for a job this replica does not have yet).</summary>
    private sealed record DesiredJob(string Signature, Func<(IJobDetail Job, ITrigger Trigger)> Build, Func<Task<DateTimeOffset?>> CatchUp);

    private (IJobDetail, ITrigger) ScanJob(JobKey key, string workspace, string name, string signature, DateTimeOffset now)
    {
        var interval = options.Value.ScanInterval;
        var job = JobBuilder.Create<ScanWatchlistJob>().WithIdentity(key)
            .UsingJobData("workspace", workspace).UsingJobData("watchlist", name).UsingJobData("signature", signature).Build();
        // A late fire still fires, with its own scheduled time (so its slot is the one every replica agrees on): the job
        // only queues the slot, and the queue takes it once.
        var trigger = TriggerBuilder.Create(time).WithIdentity(key.Name, key.Group).StartAt(NextScan(now, interval, Offset(key.Name, options.Value.ScanJitter)))
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.IgnoreMisfires)).Build();
        return (job, trigger);
    }

    private static (IJobDetail, ITrigger) DigestJob(JobKey key, Subscription subscription, TimeZoneInfo zone, string signature, DateTimeOffset now)
    {
        var job = JobBuilder.Create<WeeklyDigestJob>().WithIdentity(key)
            .UsingJobData("workspace", subscription.Workspace).UsingJobData("subscription", subscription.Id)
            .UsingJobData("timezone", zone.Id).UsingJobData("signature", signature).Build();
        return (job, DigestTrigger(key, subscription.Day, subscription.Time, zone, now));
    }

    /// <summary>
    /// The first scan slot after <paramref name="now"/>: slots are whole intervals since the Unix epoch plus the
    /// watchlist's offset, so every replica's trigger fires at the same instants — one slot, one lease, one scan.
    /// </summary>
    internal static DateTimeOffset NextScan(DateTimeOffset now, TimeSpan interval, TimeSpan offset)
    {
        var period = interval.Ticks;
        var phase = offset.Ticks % period;
        var sinceEpoch = (now - DateTimeOffset.UnixEpoch).Ticks - phase;
        var next = ((sinceEpoch / period) + 1) * period + phase;
        return DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(next);
    }

    /// <summary>The weekly trigger of a subscription: its day and local time, in its time zone.</summary>
    public static ITrigger DigestTrigger(JobKey key, DayOfWeek day, TimeOnly at, TimeZoneInfo zone, DateTimeOffset startAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TriggerBuilder.Create().WithIdentity(key.Name, key.Group).StartAt(startAt)
            .WithSchedule(CronScheduleBuilder.Create(WeeklyCron(day, at)).InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
    }

    /// <summary>Quartz cron for "every {day} at {time}": seconds, minutes, hours, day of month, month, day of week.</summary>
    public static string WeeklyCron(DayOfWeek day, TimeOnly at) =>
        string.Create(CultureInfo.InvariantCulture, $"0 {at.Minute} {at.Hour} ? * {day.ToString()[..3].ToUpperInvariant()}");

    /// <summary>The last time a weekly schedule was due at or before <paramref name="now"/>, if within the past week.</summary>
    internal static DateTimeOffset? LastOccurrence(CronExpression expression, DateTimeOffset now)
    {
        DateTimeOffset? last = null;
        for (var at = expression.GetNextValidTimeAfter(now - TimeSpan.FromDays(8)); at is { } t && t <= now; at = expression.GetNextValidTimeAfter(t))
        {
            last = t;
        }

        return last;
    }

    private static TimeSpan Offset(string name, TimeSpan jitter)
    {
        if (jitter <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var hash = BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        return TimeSpan.FromSeconds(hash % Math.Max(1, (uint)jitter.TotalSeconds));
    }

    private void Wake()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A resync is already pending.
        }
    }

    public override void Dispose()
    {
        watchlists.SchedulesChanged -= Wake;
        _changed.Dispose();
        _syncing.Dispose();
        base.Dispose();
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not bring the schedule in line with Redis: {Error}")]
    private static partial void SyncFailed(ILogger logger, string error);

    [LoggerMessage(2, LogLevel.Information, "Running {Job} once for the slot {Slot} missed while no replica ran")]
    private static partial void CatchingUp(ILogger logger, string job, DateTimeOffset slot);
}
