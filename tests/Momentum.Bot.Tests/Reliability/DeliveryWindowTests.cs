using System.Text.Json;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;
using Xunit.Abstractions;

namespace Momentum.Bot.Tests.Reliability;

/// <summary>
/// Crashes injected at each point of a delivery (the connection dropped before Slack posted, or after), then a successor
/// delivers: duplicates and losses counted, with Slack's history readable and blind (no <c>channels:history</c>).
/// </summary>
public sealed class DeliveryWindowTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Crashes = 10;
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private async Task<(int Duplicates, int Lost)> CrashAsync(MomentumApp app, bool posted, bool blind, string run)
    {
        var outbox = app.Get<OutboxStore>();
        var delivery = app.Get<OutboxDelivery>();
        var payload = JsonSerializer.Serialize(Reply.Error("Test", "a message"), ReplyJsonContext.Default.Reply);
        int duplicates = 0, lost = 0;
        for (var i = 0; i < Crashes; i++)
        {
            // One channel per message: posts to one channel are paced a second apart on a clock that stands still.
            var channel = $"C{run}{i}";
            var id = OutboxStore.IdOf(run, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await outbox.EnqueueAsync(id, "test", new ChatTarget(Platform.Slack, "slack:T1", channel), payload, app.Clock.GetUtcNow());
            if (blind)
            {
                // Both looks (before the first attempt and the successor's) see nothing: the scope is missing.
                _hosts.Slack.Script("conversations.history", 200, """{"ok":false,"error":"missing_scope"}""");
                _hosts.Slack.Script("conversations.history", 200, """{"ok":false,"error":"missing_scope"}""");
            }

            _hosts.Slack.DropNextPost(posted);
            await delivery.DeliverAsync(id, CancellationToken.None);
            // The successor: the same state in Redis, the first attempt's outcome unknown, the channel's next slot a second on.
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await delivery.DeliverAsync(id, CancellationToken.None);

            var copies = _hosts.Slack.History.Count(h => h.Channel == channel);
            duplicates += Math.Max(0, copies - 1);
            lost += copies == 0 ? 1 : 0;
            Assert.Equal(OutboxStatus.Sent, (await outbox.GetAsync(id))!.Status);
        }

        output.WriteLine($"crash {(posted ? "after" : "before")} Slack posted, history {(blind ? "blind" : "readable")}: {Crashes} crashes, {duplicates} duplicates, {lost} lost");
        return (duplicates, lost);
    }

    [Fact]
    public async Task WithHistoryReadableNoCrashDuplicatesOrLosesAPost()
    {
        var app = _hosts.Host();
        Assert.Equal((0, 0), await CrashAsync(app, posted: true, blind: false, "ra"));
        Assert.Equal((0, 0), await CrashAsync(app, posted: false, blind: false, "rb"));
    }

    [Fact]
    public async Task WithHistoryBlindACrashAfterSlackPostedDuplicatesAtMostOncePerCrashAndNothingIsLost()
    {
        var app = _hosts.Host();
        Assert.Equal((Crashes, 0), await CrashAsync(app, posted: true, blind: true, "ba"));
        Assert.Equal((0, 0), await CrashAsync(app, posted: false, blind: true, "bb"));
    }
}
