using System.Globalization;
using System.Text.Json;
using Momentum.Bot.Cards;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;
using Momentum.Bot.Tests.Slack;

namespace Momentum.Resilience.Faults;

/// <summary>
/// GitHub and the chat platforms failing the way they do — 5xx bursts, GitHub's primary limit (403) and secondary
/// limit (429 with Retry-After), Slack's 429 and <c>ok:false</c>, Teams' 403 — through a real watchlist cycle and
/// delivery. Each reports how many cycles it took to recover, whether the alert was posted exactly once, and whether
/// the subscription survived.
/// </summary>
public sealed class ExternalFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Cycle = TimeSpan.FromMinutes(30);

    public static TheoryData<string> GitHubFaults() => ["5xx burst", "primary limit (403)", "secondary limit (429, Retry-After)"];

    private static GitHubFault Fault(string name) => name switch
    {
        "5xx burst" => GitHubFault.ServerError("/repos/" + SpikingRepository.Spiking, times: 12, status: 502),
        "primary limit (403)" => GitHubFault.PrimaryRateLimit("/repos/" + SpikingRepository.Spiking, MomentumApp.Now.AddMinutes(20)),
        _ => GitHubFault.TooManyRequests("/repos/" + SpikingRepository.Spiking, retryAfterSeconds: 600),
    };

    [Theory]
    [MemberData(nameof(GitHubFaults))]
    public async Task AGitHubFaultDelaysTheAlertButNeverLosesOrRepeatsIt(string name)
    {
        await using var hosts = await SchedulingHosts.StartAsync();
        // Rate limits are not waited out inside a cycle: the next cycle picks the work up.
        var app = hosts.Host(extra: new() { ["GitHub:MaxRateLimitWait"] = "00:00:00" });
        await app.SubscribeAsync(SpikingRepository.Spiking);
        var workspace = Assert.Single(await app.Get<WatchlistStore>().SubscriptionsAsync(HostExtensions.Channel.Workspace)).Workspace;
        hosts.GitHub.Faults.Add(Fault(name));

        var cycles = 0;
        var failed = 0;
        while (hosts.Posts.Count == 0 && cycles < 6)
        {
            cycles++;
            var summary = await app.Get<WatchlistScanner>().RunAsync(workspace, "infra", $"cycle-{cycles}", CancellationToken.None);
            if (summary.Problems.Count > 0 || summary.AlertsQueued == 0)
            {
                failed++;
            }

            await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None);
            if (hosts.Posts.Count == 0)
            {
                app.Clock.Advance(Cycle);
            }
        }

        // Two more cycles and deliveries: nothing is posted again.
        for (var i = 0; i < 2; i++)
        {
            await app.Get<WatchlistScanner>().RunAsync(workspace, "infra", $"after-{i}", CancellationToken.None);
            await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None);
        }

        var subscriptions = await app.Get<WatchlistStore>().SubscriptionsAsync(workspace);
        Figures.Record(output, string.Create(CultureInfo.InvariantCulture,
            $"fault GitHub {name}: {failed} cycle(s) without the alert, recovered on cycle {cycles} ({(cycles - 1) * Cycle.TotalMinutes:0} simulated min), " +
            $"{hosts.Posts.Count} alert posted, {subscriptions.Count} subscription intact"));
        Assert.Single(hosts.Posts);
        Assert.Single(subscriptions);
    }

    public static TheoryData<string> SlackFaults() => ["429 with Retry-After", "ok:false ratelimited", "5xx burst", "ok:false channel_not_found"];

    [Theory]
    [MemberData(nameof(SlackFaults))]
    public async Task ASlackFaultIsRetriedOrRecordedNeverLostOrRepeated(string name)
    {
        await using var hosts = await SchedulingHosts.StartAsync();
        var app = hosts.Host(extra: new() { ["Api:AdminToken"] = "ops" });
        await app.SubscribeAsync(SpikingRepository.Spiking);
        var workspace = Assert.Single(await app.Get<WatchlistStore>().SubscriptionsAsync(HostExtensions.Channel.Workspace)).Workspace;
        switch (name)
        {
            case "429 with Retry-After":
                hosts.Slack.Script("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: 30);
                break;
            case "ok:false ratelimited":
                hosts.Slack.Script("chat.postMessage", 200, """{"ok":false,"error":"ratelimited"}""");
                break;
            case "5xx burst":
                for (var i = 0; i < 3; i++)
                {
                    hosts.Slack.Script("chat.postMessage", 503, "unavailable");
                }

                break;
            default:
                hosts.Slack.Script("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");
                break;
        }

        await app.Get<WatchlistScanner>().RunAsync(workspace, "infra", "cycle-1", CancellationToken.None);
        var outbox = app.Get<OutboxStore>();
        var attempts = 1;
        // Retries back off (and honour Retry-After): step the clock ten minutes a round. An attempt another delivery
        // still holds is released by its Redis TTL, in real time, so the rounds go on for up to three real minutes.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await outbox.DueAsync(DateTimeOffset.MaxValue)).Count > 0 && waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None);
            attempts++;
            await Task.Yield();
        }

        var delivered = hosts.Slack.History.Count;

        var undeliverable = await outbox.UndeliverableAsync();
        var subscriptions = await app.Get<WatchlistStore>().SubscriptionsAsync(workspace);
        Figures.Record(output, string.Create(CultureInfo.InvariantCulture,
            $"fault Slack {name}: {attempts} delivery round(s) in {waited.Elapsed.TotalSeconds:0.0} s, {delivered} alert posted, {undeliverable.Count} recorded undeliverable, {subscriptions.Count} subscription intact"));
        Assert.Single(subscriptions);
        if (name == "ok:false channel_not_found")
        {
            Assert.Equal(0, delivered);
            Assert.Contains(undeliverable, u => u.Error?.Contains("channel_not_found", StringComparison.Ordinal) == true);
        }
        else
        {
            Assert.Equal(1, delivered);
            Assert.Empty(undeliverable);
        }
    }

    [Fact]
    public async Task ATeams403MakesTheAlertUndeliverableAndVisibleNotRetriedForever()
    {
        await using var teams = await TeamsHost.StartAsync();
        var subscription = await teams.SubscribeChannelAsync();
        teams.Connector.Script(403, """{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}""");
        var report = BlockKitRendererTests.LargeReport("Globex");
        var id = OutboxStore.IdOf(subscription.Workspace, subscription.Platform.Name(), subscription.Channel, "acme/rocket", "2026-03-09", "end-user-spike");
        var payload = JsonSerializer.Serialize(SpikeAlert.Build(report, report.Report.Spikes[^1], "acme/rocket"), ReplyJsonContext.Default.Reply);
        var outbox = teams.Service<OutboxStore>();
        Assert.True(await outbox.EnqueueAsync(id, "end-user-spike", new ChatTarget(subscription.Platform, subscription.Workspace, subscription.Channel), payload, teams.App.Clock.GetUtcNow()));

        var delivery = teams.Service<OutboxDelivery>();
        await delivery.DeliverDueAsync(CancellationToken.None);
        teams.App.Clock.Advance(TimeSpan.FromHours(1));
        await delivery.DeliverDueAsync(CancellationToken.None);

        var item = await outbox.GetAsync(id);
        var posts = teams.Connector.Calls.Count(c => c.Conversation == TeamsHost.ChannelId && c.ActivityId is null && c.Method == "POST");
        var subscriptions = await teams.Service<WatchlistStore>().SubscriptionsAsync(subscription.Workspace);
        Figures.Record(output, $"fault Teams 403 (bot not in the roster): status {item?.Status}, {posts} post attempt(s), recorded with \"{item?.Error}\", {subscriptions.Count} subscription kept");
        Assert.Equal(OutboxStatus.Undeliverable, item?.Status);
        Assert.Equal(1, posts);
    }
}
