using System.Text.Json;
using Momentum.Bot.Cards;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Slack;

namespace Momentum.Bot.Tests.Teams;

/// <summary>An alert episode's later week in Teams: the posted activity is replaced (PUT), or posted anew once if deleted.</summary>
public sealed class TeamsAlertUpdateTests : IAsyncLifetime
{
    private TeamsHost _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private OutboxStore Outbox => _teams.Service<OutboxStore>();

    private OutboxDelivery Delivery => _teams.Service<OutboxDelivery>();

    private async Task<(string Id, OutboxItem Sent, ChatTarget Target, string Payload)> PostedAlertAsync()
    {
        var subscription = await _teams.SubscribeChannelAsync();
        var report = BlockKitRendererTests.LargeReport("Globex");
        var payload = JsonSerializer.Serialize(SpikeAlert.Build(report, report.Report.Spikes[^1], "acme/rocket"), ReplyJsonContext.Default.Reply);
        var target = new ChatTarget(subscription.Platform, subscription.Workspace, subscription.Channel);
        var id = OutboxStore.IdOf("teams-episode", "2026-03-02");
        Assert.True(await Outbox.EnqueueAsync(id, WatchlistScanner.AlertKind, target, payload, _teams.App.Clock.GetUtcNow(), "2026-03-02"));
        Assert.Equal(1, await Delivery.DeliverDueAsync(CancellationToken.None));
        var sent = (await Outbox.GetAsync(id))!;
        Assert.Equal(new PostedMessage(TeamsHost.ChannelId, sent.MessageId!), sent.Posted);
        return (id, sent, target, payload);
    }

    [Fact]
    public async Task ALaterWeekReplacesThePostedActivityOnce()
    {
        var (id, sent, target, payload) = await PostedAlertAsync();
        var update = OutboxStore.IdOf("teams-episode", "2026-03-02", "2026-03-09");
        Assert.True(await Outbox.EnqueueAsync(update, WatchlistScanner.AlertKind, target, payload, _teams.App.Clock.GetUtcNow(), "2026-03-09", updates: id));
        Assert.False(await Outbox.EnqueueAsync(update, WatchlistScanner.AlertKind, target, payload, _teams.App.Clock.GetUtcNow(), "2026-03-09", updates: id));

        Assert.Equal(1, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(0, await Delivery.DeliverDueAsync(CancellationToken.None));

        var put = Assert.Single(_teams.Connector.Calls, c => c.Method == "PUT");
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString(TeamsHost.ChannelId)}/activities/{sent.MessageId}", put.RawPath);
        Assert.StartsWith("Bearer connector-token-", put.Authorization, StringComparison.Ordinal);
        Assert.Equal("AdaptiveCard", put.Card.GetProperty("type").GetString());
        Assert.Single(_teams.Connector.Calls, c => c.Method == "POST" && c.Conversation == TeamsHost.ChannelId);
        Assert.Equal("2026-03-09", (await Outbox.GetAsync(id))!.Week);
    }

    [Fact]
    public async Task ADeletedActivityGetsOneNewPostAndTheNextWeekUpdatesThatOne()
    {
        var (id, sent, target, payload) = await PostedAlertAsync();
        _teams.Connector.Delete(sent.MessageId!);
        var update = OutboxStore.IdOf("teams-episode", "2026-03-02", "2026-03-09");
        await Outbox.EnqueueAsync(update, WatchlistScanner.AlertKind, target, payload, _teams.App.Clock.GetUtcNow(), "2026-03-09", updates: id);

        Assert.Equal(1, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(0, await Delivery.DeliverDueAsync(CancellationToken.None));

        Assert.Equal(2, _teams.Connector.Calls.Count(c => c.Method == "POST" && c.Conversation == TeamsHost.ChannelId));
        var moved = (await Outbox.GetAsync(id))!;
        Assert.NotEqual(sent.MessageId, moved.MessageId);

        var third = OutboxStore.IdOf("teams-episode", "2026-03-02", "2026-03-16");
        await Outbox.EnqueueAsync(third, WatchlistScanner.AlertKind, target, payload, _teams.App.Clock.GetUtcNow(), "2026-03-16", updates: id);
        Assert.Equal(1, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(moved.MessageId, _teams.Connector.Calls.Where(c => c.Method == "PUT").Last().ActivityId);
    }
}
