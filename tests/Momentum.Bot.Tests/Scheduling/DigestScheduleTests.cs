using System.Globalization;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Tests.Infrastructure;
using Quartz;

namespace Momentum.Bot.Tests.Scheduling;

public sealed class DigestScheduleTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private static async Task SubscribeAsync(MomentumApp app, string options)
    {
        await app.RunAsync("watchlist create infra");
        await app.RunAsync($"watchlist add infra {SpikingRepository.Spiking} {SpikingRepository.Steady}");
        await app.RunAsync($"subscribe infra {options}");
    }

    [Fact]
    public async Task TheWeeklySummaryFiresAtTheSameLocalTimeOnBothSidesOfADstChange()
    {
        var app = _hosts.Host();
        await SubscribeAsync(app, "weekly day=mon time=09:00 tz=Europe/Berlin");
        var scheduler = await app.SchedulerAsync();
        var key = new JobKey("slack:T1|slack:C1:infra", WeeklyDigestJob.Group);
        var trigger = await scheduler.GetTrigger(new TriggerKey(key.Name, key.Group), CancellationToken.None);

        // Europe/Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29.
        var before = trigger!.GetFireTimeAfter(MomentumApp.Now)!.Value;
        var after = trigger.GetFireTimeAfter(before)!.Value;
        Assert.Equal(new DateTimeOffset(2026, 3, 23, 8, 0, 0, TimeSpan.Zero), before);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), after);

        // At that instant the job runs and the channel gets one summary for its local Monday.
        app.Clock.SetUtcNow(after);
        await scheduler.TriggerJob(key, new JobDataMap { [ScheduleRuns.SlotKey] = after.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) }, CancellationToken.None);
        var post = await _hosts.Slack.WaitForPathAsync("/api/chat.postMessage");
        Assert.Contains("Weekly summary: infra", post.Body, StringComparison.Ordinal);
        Assert.Contains("acme/booster", post.Body, StringComparison.Ordinal);

        // The same slot again (another replica, a retry): no second summary.
        Assert.False(await app.Get<DigestService>().RunAsync("slack:T1", "slack:C1:infra", new DateOnly(2026, 3, 30), CancellationToken.None));
        Assert.Single(_hosts.Posts);
    }

    [Fact]
    public async Task ASummaryMissedDuringDowntimeIsSentOnceAfterTheRestart()
    {
        var first = _hosts.Host();
        await SubscribeAsync(first, "weekly day=mon time=09:00 tz=UTC");
        await first.DisposeAsync();

        // Down from Wednesday until Monday 11:00 UTC: the 09:00 summary was missed; so were none before (it is new).
        var restarted = _hosts.Host(now: new DateTimeOffset(2026, 3, 23, 11, 0, 0, TimeSpan.Zero));
        await restarted.SchedulerAsync();
        var post = await _hosts.Slack.WaitForPathAsync("/api/chat.postMessage");
        Assert.Contains("Weekly summary: infra", post.Body, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => restarted.Metrics.Total("momentum.digests") == 1, "the catch-up run to finish");

        // A later resync, and another replica starting, do not send it again.
        await restarted.SchedulerAsync();
        var another = _hosts.Host(now: new DateTimeOffset(2026, 3, 23, 11, 5, 0, TimeSpan.Zero));
        await another.SchedulerAsync();
        Assert.Equal(0, another.Metrics.Total("momentum.digests"));
        Assert.Single(_hosts.Posts);
    }

    [Theory]
    [InlineData("redis")]
    [InlineData("garnet")]
    public async Task WatchlistsSubscriptionsAndSchedulesSurviveARestart(string store)
    {
        var redis = store == "garnet" ? TestRedis.GarnetConnectionString : null;
        var first = _hosts.Host(redis);
        await SubscribeAsync(first, "alerts weekly day=fri time=17:30 tz=America/New_York");
        await first.DisposeAsync();

        var second = _hosts.Host(redis);
        var scheduler = await second.SchedulerAsync();

        Assert.NotNull(await scheduler.GetJobDetail(new JobKey("slack:T1|infra", ScanWatchlistJob.Group), CancellationToken.None));
        var digest = await scheduler.GetTrigger(new TriggerKey("slack:T1|slack:C1:infra", WeeklyDigestJob.Group), CancellationToken.None);
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 21, 30, 0, TimeSpan.Zero), digest!.GetFireTimeAfter(MomentumApp.Now));
        var subscriptions = await second.RunAsync("subscriptions");
        Assert.Contains("infra in C1: alerts + weekly summary on Friday at 17:30 America/New_York", string.Join(' ', subscriptions.Sections.SelectMany(s => s.Lines)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsubscribingRemovesTheDigestJob()
    {
        var app = _hosts.Host();
        await SubscribeAsync(app, "weekly");
        var scheduler = await app.SchedulerAsync();
        var key = new JobKey("slack:T1|slack:C1:infra", WeeklyDigestJob.Group);
        Assert.NotNull(await scheduler.GetJobDetail(key, CancellationToken.None));

        await app.RunAsync("unsubscribe infra");
        await app.SchedulerAsync();

        Assert.Null(await scheduler.GetJobDetail(key, CancellationToken.None));
    }
}
