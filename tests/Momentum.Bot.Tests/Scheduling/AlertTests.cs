using System.Globalization;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Quartz;

namespace Momentum.Bot.Tests.Scheduling;

/// <summary>Subscribe → scan (a Quartz trigger) → spike → one Slack post with its reasons; and the guarantees around it.</summary>
public sealed class AlertTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private static IEnumerable<string> Strings(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => [e.GetString()!],
        System.Text.Json.JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        System.Text.Json.JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static JobDataMap Slot(DateTimeOffset at) => new() { [ScheduleRuns.SlotKey] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };

    [Theory]
    [InlineData("redis")]
    [InlineData("cluster")]
    public async Task ASpikeInAWatchedProjectIsPostedOnceWithItsReasons(string store)
    {
        var app = _hosts.Host(redis: store == "cluster" ? TestRedis.ClusterConnectionString : null);
        await app.SubscribeAsync(SpikingRepository.Spiking);

        var scheduler = await app.SchedulerAsync();
        await scheduler.TriggerJob(new JobKey("slack:T1|infra", ScanWatchlistJob.Group), Slot(MomentumApp.Now), CancellationToken.None);

        var post = await _hosts.Slack.WaitForPathAsync("/api/chat.postMessage");
        Assert.Equal("C1", post.Json.GetProperty("channel").GetString());
        Assert.Equal("Bearer xoxb-test-token", post.Authorization);
        Assert.Equal("End-user contributors to acme/booster: 9 in the week of 2026-03-09 from 7 organisations.", post.Json.GetProperty("text").GetString());
        // The evidence: both measures with baseline, spread and probability; every organisation with its contributors.
        var text = string.Join('\n', Strings(post.Json));
        Assert.Contains("9 end-user contributors vs 2 ± 0 a week (p = &lt; 0.001; +7, needs +3)", text, StringComparison.Ordinal);
        Assert.Contains("7 end-user organisations vs 2 ± 0 a week (p = 0.005; +5, needs +2)", text, StringComparison.Ordinal);
        Assert.Contains("acme.io (new5, steady-a)", text, StringComparison.Ordinal);
        Assert.Contains("The baseline leaves out 2 year-end holiday weeks.", text, StringComparison.Ordinal);
        Assert.Contains("https://github.com/search?type=pullrequests", text, StringComparison.Ordinal);
        Assert.Contains("q=repo%3Aacme%2Fbooster%20is%3Apr%20created%3A2026-03-09..2026-03-15%20author%3A", text, StringComparison.Ordinal);

        // The next cycle sees the same spike and says nothing more.
        var again = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "next-cycle", CancellationToken.None);
        Assert.True(again.Ran);
        Assert.Equal(0, again.AlertsQueued);
        await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None);
        Assert.Single(_hosts.Posts);
    }

    [Fact]
    public async Task TwoSpikeWeeksOfOneEpisodeArePostedAsOneAlert()
    {
        var app = _hosts.Host();
        await app.SubscribeAsync(SpikingRepository.Rising);

        var summary = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s1", CancellationToken.None);
        Assert.Equal(1, summary.AlertsQueued);
        var post = await _hosts.Slack.WaitForPathAsync("/api/chat.postMessage");
        var text = string.Join('\n', Strings(post.Json));
        Assert.Contains("End-user spike, still rising: acme/rising", text, StringComparison.Ordinal);
        Assert.Contains("Spike weeks (2)", text, StringComparison.Ordinal);
        Assert.Contains("(week 2 of the rise since 2026-03-02)", text, StringComparison.Ordinal);

        var again = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s2", CancellationToken.None);
        Assert.Equal(0, again.AlertsQueued);
        await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None);
        Assert.Single(_hosts.Posts);
    }

    [Fact]
    public async Task AnAlertAlreadyInTheChannelIsNotPostedAgainAfterRedisLostEverything()
    {
        var app = _hosts.Host();
        await app.SubscribeAsync(SpikingRepository.Spiking);
        await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s1", CancellationToken.None);
        Assert.Single(_hosts.Posts);

        // Redis restarted without persistence: every key of this deployment is gone, the outbox's "sent" with them.
        var server = TestRedis.Connection.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: _hosts.Prefix + "*"))
        {
            await TestRedis.Connection.GetDatabase().KeyDeleteAsync(key);
        }

        await app.SubscribeAsync(SpikingRepository.Spiking);
        var again = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s2", CancellationToken.None);

        // The same spike is found and queued again, and the message in the channel (its id in the metadata) stops it.
        Assert.Equal(1, again.AlertsQueued);
        Assert.Single(_hosts.Posts);
        Assert.Single(_hosts.Slack.History);
    }

    [Fact]
    public async Task NoSpikeMeansNoPost()
    {
        var app = _hosts.Host();
        await app.SubscribeAsync(SpikingRepository.Steady);

        var summary = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s1", CancellationToken.None);

        Assert.True(summary.Ran);
        Assert.Equal(1, summary.Scanned);
        Assert.Equal(0, summary.AlertsQueued);
        Assert.Empty(_hosts.Posts);
    }

    [Fact]
    public async Task ExcludedOrganisationsAndLowSensitivityQuietAnAlert()
    {
        var app = _hosts.Host();
        await app.SubscribeAsync(SpikingRepository.Spiking, "alerts exclude=initech.io,hooli.io,umbrella.io,stark.io,wayne.io sensitivity=low");

        var summary = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s1", CancellationToken.None);

        // Left: acme.io's and globex.io's people (3 from 2 organisations against 2 from 2): no lift worth an alert.
        Assert.Equal(0, summary.AlertsQueued);
    }

    [Fact]
    public async Task APostSlackMadeButNeverConfirmedIsFoundByTheNextReplicaAndNotPostedAgain()
    {
        var first = _hosts.Host();
        await first.SubscribeAsync(SpikingRepository.Spiking);
        // Slack posts the alert, then the connection drops before its answer: the replica cannot know it got through.
        _hosts.Slack.DropNextPost(posted: true);

        var summary = await first.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s1", CancellationToken.None);
        Assert.Equal((1, 0), (summary.AlertsQueued, summary.Delivered));
        Assert.Single(_hosts.Slack.History);

        // Another replica picks the message up: it finds the first post (by the id in its metadata) and does not post again.
        var second = _hosts.Host();
        await second.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None);

        Assert.Single(_hosts.Slack.History);
        Assert.Single(_hosts.Posts);
        Assert.Contains(_hosts.Slack.Calls, c => c.Path == "/api/conversations.history");
        Assert.Empty(await second.Get<OutboxStore>().DueAsync(DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task APostThatNeverReachedSlackIsDeliveredByTheNextReplica()
    {
        var first = _hosts.Host();
        await first.SubscribeAsync(SpikingRepository.Spiking);
        _hosts.Slack.DropNextPost(posted: false);

        await first.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s1", CancellationToken.None);
        Assert.Empty(_hosts.Slack.History);

        var second = _hosts.Host();
        Assert.Equal(1, await second.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None));
        Assert.Single(_hosts.Slack.History);
        // It looked first: the dropped attempt might have got through.
        Assert.Contains(_hosts.Slack.Calls, c => c.Path == "/api/conversations.history");
    }

    [Fact]
    public async Task AFailedPostIsRetriedNotLost()
    {
        var app = _hosts.Host();
        await app.SubscribeAsync(SpikingRepository.Spiking);
        _hosts.Slack.Script("chat.postMessage", 503, "unavailable");

        var summary = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s1", CancellationToken.None);
        Assert.Equal((1, 0), (summary.AlertsQueued, summary.Delivered));
        var outbox = app.Get<OutboxStore>();
        var id = Assert.Single(await outbox.DueAsync(DateTimeOffset.MaxValue));
        Assert.Equal(1, (await outbox.GetAsync(id))!.Attempts);

        // A second later (Slack allows about one post a second per channel) the retry goes through.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None);
        Assert.Equal(OutboxStatus.Sent, (await outbox.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task AChannelSlackRefusesMakesTheAlertUndeliverableAndVisible()
    {
        var app = _hosts.Host(extra: new() { ["Api:AdminToken"] = "ops" });
        await app.SubscribeAsync(SpikingRepository.Spiking);
        _hosts.Slack.Script("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");

        await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "s1", CancellationToken.None);

        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/outbox/undeliverable");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ops");
        var body = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("channel_not_found", body, StringComparison.Ordinal);
        Assert.Contains("\"channel\":\"C1\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeReplicasRunningQuartzPostOneAlertAndOneDigest()
    {
        var hosts = new[] { _hosts.Host(), _hosts.Host(), _hosts.Host() };
        await hosts[0].SubscribeAsync(SpikingRepository.Spiking, "alerts weekly day=wed time=09:00 tz=UTC");
        var schedulers = new List<IScheduler>();
        foreach (var host in hosts)
        {
            schedulers.Add(await host.SchedulerAsync());
        }

        await Task.WhenAll(schedulers.Select(s => s.TriggerJob(new JobKey("slack:T1|infra", ScanWatchlistJob.Group), Slot(MomentumApp.Now), CancellationToken.None).AsTask()));
        // Every replica's job offers the slot to the shared queue; one of them queues it and one worker scans it.
        await Eventually.TrueAsync(
            () => hosts.All(h => h.Metrics.Total("momentum.scan_queue.enqueued") == 1) && hosts.Sum(h => h.Metrics.Total("momentum.watchlist.runs")) == 1,
            () => "every replica's scan job and the one scan to finish (runs: " + string.Join(",", hosts.Select(h => h.Metrics.Total("momentum.watchlist.runs"))) + ")");
        Assert.Equal(1, hosts.Sum(h => h.Metrics.Total("momentum.scan_queue.enqueued", "result", "queued")));
        await Eventually.TrueAsync(() => _hosts.Posts.Count == 1, "the alert to be posted");
        Assert.Single(_hosts.Posts);

        var digest = new JobKey("slack:T1|slack:C1:infra", WeeklyDigestJob.Group);
        var slot = new DateTimeOffset(2026, 3, 18, 9, 0, 0, TimeSpan.Zero);
        await Task.WhenAll(schedulers.Select(s => s.TriggerJob(digest, Slot(slot), CancellationToken.None).AsTask()));
        // Posts to one channel are paced a second apart on each replica's clock: move it when a post waits.
        await Eventually.TrueAsync(
            () =>
            {
                foreach (var host in hosts.Where(h => h.Metrics.Total("momentum.chat.paced") > 0))
                {
                    host.Clock.Advance(TimeSpan.FromSeconds(1));
                }

                return hosts.All(h => h.Metrics.Total("momentum.digests") == 1);
            },
            "every replica's digest job to finish");

        Assert.Equal(2, _hosts.Posts.Count);
        Assert.Single(_hosts.Posts, p => p.Json.GetProperty("text").GetString()!.StartsWith("infra this week", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOperatorCanScanAWatchlistNow()
    {
        var app = _hosts.Host(extra: new() { ["Api:AdminToken"] = "ops" });
        await app.SubscribeAsync(SpikingRepository.Spiking);
        using var client = app.CreateClient();

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/watchlists/slack:T1/infra/scan");
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "nope");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        using var missing = new HttpRequestMessage(HttpMethod.Post, "/api/v1/watchlists/slack:T1/nothing/scan");
        missing.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ops");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.SendAsync(missing)).StatusCode);

        using var scan = new HttpRequestMessage(HttpMethod.Post, "/api/v1/watchlists/slack:T1/infra/scan");
        scan.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ops");
        var response = await client.SendAsync(scan);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var summary = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        Assert.Equal(1, summary.GetProperty("alertsQueued").GetInt32());
        Assert.Equal(1, summary.GetProperty("delivered").GetInt32());
        Assert.Single(_hosts.Posts);
    }

    [Fact]
    public async Task WithoutAnAdminTokenTheScanEndpointIsOff()
    {
        var app = _hosts.Host();
        using var client = app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/watchlists/slack:T1/infra/scan", null)).StatusCode);
    }
}
