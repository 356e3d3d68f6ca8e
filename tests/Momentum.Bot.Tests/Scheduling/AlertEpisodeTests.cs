using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Slack;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Scheduling;

/// <summary>
/// Two consecutive spike weeks of one episode in Slack: the first week posts the alert, the second changes that same
/// message (chat.update) to "still rising" with the new week's evidence — once, however often delivery runs and on
/// however many replicas; a deleted alert gets one new post instead, and one found in the channel after Redis lost its
/// record is updated where it was found.
/// </summary>
public sealed class AlertEpisodeTests : IAsyncLifetime
{
    /// <summary>The clock a week earlier: the second rise week of acme/rising is not complete yet.</summary>
    private static readonly DateTimeOffset WeekBefore = MomentumApp.Now.AddDays(-7);

    /// <summary>
    /// These tests run the scans themselves. A running schedule would race them: moving the clock a week wakes each
    /// host's schedule sync, whose scan triggers start at the test clock's slots — months behind the real clock
    /// Quartz fires by — so every missed slot is queued at once and the scan workers do the second week's work
    /// (queue and deliver the update) before the test asks, leaving the test's own scan nothing to queue.
    /// </summary>
    private static readonly Dictionary<string, string?> WithoutSchedule = new() { ["Scheduling:Enabled"] = "false" };

    private SchedulingHosts _hosts = null!;

    private MomentumApp Host(DateTimeOffset now) => _hosts.Host(extra: WithoutSchedule, now: now);

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private List<SlackCall> Updates => _hosts.Slack.Calls.Where(c => c.Path == "/api/chat.update").ToList();

    private static string Text(JsonElement e) => string.Join('\n', Strings(e));

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    /// <summary>The first week: one post, "End-user spike" (not rising). Returns the app with its clock a week on.</summary>
    private async Task<MomentumApp> FirstWeekPostedAsync()
    {
        var app = Host(WeekBefore);
        await app.SubscribeAsync(SpikingRepository.Rising);
        var first = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-1", CancellationToken.None);
        Assert.Equal((1, 1), (first.AlertsQueued, first.Delivered));
        var post = Assert.Single(_hosts.Posts);
        Assert.Contains("End-user spike: acme/rising", Text(post.Json), StringComparison.Ordinal);
        Assert.DoesNotContain("still rising", Text(post.Json), StringComparison.Ordinal);
        app.Clock.SetUtcNow(MomentumApp.Now);
        return app;
    }

    [Fact]
    public async Task TheSecondSpikeWeekUpdatesTheFirstAlertToStillRising()
    {
        var app = await FirstWeekPostedAsync();
        var (channel, ts, _) = Assert.Single(_hosts.Slack.Messages);

        var second = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2", CancellationToken.None);
        Assert.Equal((1, 1), (second.AlertsQueued, second.Delivered));

        // The same message, changed in place: the channel and ts chat.postMessage answered, the new week's evidence.
        var update = Assert.Single(Updates);
        Assert.Equal("Bearer xoxb-test-token", update.Authorization);
        Assert.Equal((channel, ts), (update.Json.GetProperty("channel").GetString(), update.Json.GetProperty("ts").GetString()));
        var text = Text(update.Json);
        Assert.Contains("End-user spike, still rising: acme/rising", text, StringComparison.Ordinal);
        Assert.Contains("Spike weeks (2)", text, StringComparison.Ordinal);
        Assert.Contains("(week 2 of the rise since 2026-03-02)", text, StringComparison.Ordinal);
        Assert.Contains("created%3A2026-03-09..2026-03-15", text, StringComparison.Ordinal);
        Assert.Single(_hosts.Posts);

        // What the channel shows: one message, now rising, still carrying the first alert's id in its metadata.
        var (_, shownTs, shown) = Assert.Single(_hosts.Slack.Messages);
        Assert.Equal(ts, shownTs);
        Assert.StartsWith("End-user spike, still rising", shown["blocks"]![0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(SlackChatPoster.MetadataType, shown["metadata"]!["event_type"]!.GetValue<string>());

        // The message the update sent is valid Block Kit.
        using var validators = new CardValidators();
        validators.AddBlockKit("still-rising", new JsonObject { ["text"] = update.Json.GetProperty("text").GetString(), ["blocks"] = JsonNode.Parse(update.Json.GetProperty("blocks").GetRawText()) });
        var (exitCode, output) = await validators.RunAsync();
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task TheUpdateIsMadeOnceWhateverRunsAgainOnHowManyReplicas()
    {
        var app = await FirstWeekPostedAsync();
        // The scan queues the update; Slack is down for its first try, so it is left for whoever delivers next.
        _hosts.Slack.Script("chat.update", 503, "unavailable");
        var second = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2", CancellationToken.None);
        Assert.Equal((1, 0), (second.AlertsQueued, second.Delivered));

        // Three replicas deliver at once, then again; another replica scans the same week again.
        var replicas = new[] { app, Host(MomentumApp.Now), Host(MomentumApp.Now) };
        var delivered = await Task.WhenAll(replicas.Select(r => r.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None)));
        Assert.Equal(1, delivered.Sum());
        Assert.Equal(0, (await Task.WhenAll(replicas.Select(r => r.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None)))).Sum());
        var again = await replicas[1].Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2-again", CancellationToken.None);
        Assert.Equal((0, 0), (again.AlertsQueued, again.Delivered));

        Assert.Equal(2, Updates.Count); // the refused one and the one that went through
        Assert.Single(_hosts.Posts);
        Assert.Empty(await app.Get<OutboxStore>().DueAsync(DateTimeOffset.MaxValue));
    }

    [Fact]
    public async Task AFailedUpdateIsRetriedAndStillMadeOnce()
    {
        var app = await FirstWeekPostedAsync();
        _hosts.Slack.Script("chat.update", 503, "unavailable");

        var second = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2", CancellationToken.None);
        Assert.Equal((1, 0), (second.AlertsQueued, second.Delivered));
        Assert.Equal(1, await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None));
        Assert.Equal(0, await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None));

        Assert.Equal(2, Updates.Count);
        Assert.Single(_hosts.Posts);
        Assert.StartsWith("End-user spike, still rising", Assert.Single(_hosts.Slack.Messages).Message["blocks"]![0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedAlertGetsOneNewPostThatSaysStillRising()
    {
        var app = await FirstWeekPostedAsync();
        var (channel, ts, _) = Assert.Single(_hosts.Slack.Messages);
        _hosts.Slack.Delete(channel, ts);

        var second = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2", CancellationToken.None);
        Assert.Equal((1, 1), (second.AlertsQueued, second.Delivered));
        await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None);
        await Host(MomentumApp.Now).Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2-again", CancellationToken.None);

        Assert.Single(Updates);
        Assert.Equal(2, _hosts.Posts.Count);
        var repost = _hosts.Posts[^1];
        Assert.Contains("End-user spike, still rising: acme/rising", Text(repost.Json), StringComparison.Ordinal);
        var (_, newTs, _) = Assert.Single(_hosts.Slack.Messages);
        Assert.NotEqual(ts, newTs);
    }

    [Fact]
    public async Task AnAlertFoundInTheChannelAfterRedisLostItsRecordIsUpdatedWhereItIs()
    {
        var app = await FirstWeekPostedAsync();
        var (channel, ts, _) = Assert.Single(_hosts.Slack.Messages);

        // Redis restarted without persistence: every key of this deployment is gone, the outbox's record of the alert too.
        var server = TestRedis.Connection.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: _hosts.Prefix + "*"))
        {
            await TestRedis.Connection.GetDatabase().KeyDeleteAsync(key);
        }

        // The episode's alert is queued again and found in the channel by its metadata (conversations.history): not posted.
        await app.SubscribeAsync(SpikingRepository.Rising);
        var found = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2", CancellationToken.None);
        Assert.Equal((1, 1), (found.AlertsQueued, found.Delivered));
        Assert.Single(_hosts.Posts);
        Assert.Empty(Updates);

        // The ts it was found at is recorded: the next scan brings that message to the newest week, once.
        var next = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2-later", CancellationToken.None);
        Assert.Equal((1, 1), (next.AlertsQueued, next.Delivered));
        var update = Assert.Single(Updates);
        Assert.Equal((channel, ts), (update.Json.GetProperty("channel").GetString(), update.Json.GetProperty("ts").GetString()));
        Assert.Contains("End-user spike, still rising: acme/rising", Text(update.Json), StringComparison.Ordinal);
        Assert.Contains("created%3A2026-03-09..2026-03-15", Text(update.Json), StringComparison.Ordinal);

        var again = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2-again", CancellationToken.None);
        Assert.Equal((0, 0), (again.AlertsQueued, again.Delivered));
        Assert.Single(Updates);
        Assert.Single(_hosts.Posts);
        Assert.Equal(ts, Assert.Single(_hosts.Slack.Messages).Ts);
    }
}
