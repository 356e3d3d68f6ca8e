using System.Text.Json;
using Momentum.Bot.Cards;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Slack;

namespace Momentum.Bot.Tests.Teams;

/// <summary>
/// Alerts and weekly summaries reach Teams through the same outbox as Slack: a channel subscribed from Teams gets
/// each alert once, with the bot's token, and a conversation the bot left is reported, not retried.
/// </summary>
public sealed class TeamsDeliveryTests : IAsyncLifetime
{
    private TeamsHost _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private OutboxStore Outbox => _teams.Service<OutboxStore>();

    private OutboxDelivery Delivery => _teams.Service<OutboxDelivery>();

    /// <summary>Subscribes the channel the way a user does: "@Momentum watch acme/rocket" in it.</summary>
    private async Task<Subscription> SubscribeChannelAsync()
    {
        return await _teams.SubscribeChannelAsync();
    }

    private async Task<string> EnqueueAlertAsync(Subscription subscription, string week)
    {
        var report = BlockKitRendererTests.LargeReport("Globex");
        var spike = report.Report.Spikes[^1];
        var id = OutboxStore.IdOf(subscription.Workspace, subscription.Platform.Name(), subscription.Channel, "acme/rocket", week, "end-user-spike");
        var payload = JsonSerializer.Serialize(SpikeAlert.Build(report, spike, "acme/rocket"), ReplyJsonContext.Default.Reply);
        Assert.True(await Outbox.EnqueueAsync(id, "end-user-spike", new ChatTarget(subscription.Platform, subscription.Workspace, subscription.Channel), payload, _teams.App.Clock.GetUtcNow()));
        return id;
    }

    private List<ConnectorCall> ChannelPosts => _teams.Connector.Calls
        .Where(c => c.Conversation == TeamsHost.ChannelId && c.ActivityId is null)
        .ToList();

    [Fact]
    public async Task AnAlertForASubscribedTeamsChannelIsPostedOnceWithTheBotsToken()
    {
        var subscription = await SubscribeChannelAsync();
        Assert.Equal((Platform.Teams, TeamsHost.Workspace, TeamsHost.ChannelId), (subscription.Platform, subscription.Workspace, subscription.Channel));
        var id = await EnqueueAlertAsync(subscription, "2026-03-09");

        Assert.Equal(1, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(0, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.False(await Delivery.DeliverAsync(id, CancellationToken.None));

        var post = Assert.Single(ChannelPosts);
        // A new thread in the channel: the channel id itself, URL-encoded, and no reply id.
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString(TeamsHost.ChannelId)}/activities", post.RawPath);
        Assert.StartsWith("Bearer connector-token-", post.Authorization, StringComparison.Ordinal);
        Assert.StartsWith("End-user spike: Globex", post.Card.GetProperty("body")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("End-user contributors to Globex", post.Json.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var item = (await Outbox.GetAsync(id))!;
        Assert.Equal(OutboxStatus.Sent, item.Status);
        Assert.NotNull(item.MessageId);
    }

    [Fact]
    public async Task ABotNoLongerInTheConversationMakesTheAlertUndeliverableAndTheReferenceDead()
    {
        var subscription = await SubscribeChannelAsync();
        _teams.Connector.Script(403, """{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}""");
        var first = await EnqueueAlertAsync(subscription, "2026-03-09");

        Assert.Equal(0, await Delivery.DeliverDueAsync(CancellationToken.None));

        var undeliverable = Assert.Single(await Outbox.UndeliverableAsync());
        Assert.Equal(first, undeliverable.Id);
        Assert.Equal(OutboxStatus.Undeliverable, undeliverable.Status);
        Assert.Contains("BotNotInConversationRoster", undeliverable.Error, StringComparison.Ordinal);
        var reference = (await _teams.Service<TeamsConversationStore>().GetAsync(TeamsHost.Workspace, TeamsHost.ChannelId))!;
        Assert.False(reference.Active);

        // Nothing more is sent there: the next alert is refused without a call.
        var posts = ChannelPosts.Count;
        var second = await EnqueueAlertAsync(subscription, "2026-03-02");
        Assert.Equal(0, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(posts, ChannelPosts.Count);
        Assert.Contains(await Outbox.UndeliverableAsync(), i => i.Id == second);
    }

    [Fact]
    public async Task MessageWritesBlockedIsTreatedAsGoneToo()
    {
        var subscription = await SubscribeChannelAsync();
        _teams.Connector.Script(403, """{"error":{"code":"Forbidden","message":"Forbidden","innerHttpError":{"statusCode":403,"subCode":"MessageWritesBlocked"}}}""");
        var id = await EnqueueAlertAsync(subscription, "2026-03-09");

        await Delivery.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(OutboxStatus.Undeliverable, (await Outbox.GetAsync(id))!.Status);
        Assert.False((await _teams.Service<TeamsConversationStore>().GetAsync(TeamsHost.Workspace, TeamsHost.ChannelId))!.Active);
    }

    [Fact]
    public async Task ARefusedTokenIsReplacedOnceThenTheAlertIsRetriedLaterNotGivenUp()
    {
        var subscription = await SubscribeChannelAsync();
        _teams.Connector.Script(401, """{"message":"Authorization has been denied for this request."}""");
        _teams.Connector.Script(401, """{"message":"Authorization has been denied for this request."}""");
        var id = await EnqueueAlertAsync(subscription, "2026-03-09");

        Assert.Equal(0, await Delivery.DeliverDueAsync(CancellationToken.None));

        var item = (await Outbox.GetAsync(id))!;
        Assert.Equal(OutboxStatus.Pending, item.Status);
        Assert.Contains("401", item.Error, StringComparison.Ordinal);
        Assert.True(item.NextAttemptAt > _teams.App.Clock.GetUtcNow());
        Assert.Equal(2, _teams.Connector.TokenRequests.Count);
    }

    [Fact]
    public async Task PostsToOneConversationStayWithinTeamsPerConversationLimits()
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help", id: "first"))).StatusCode);
        await _teams.Connector.WaitForAsync(c => c.ActivityId == "first");
        var connector = _teams.Service<BotConnectorClient>();
        const string conversation = "a:1another-personal-chat";
        int Posted() => _teams.Connector.Calls.Count(c => c.Conversation == conversation);

        // Seven posts a second per conversation: the eighth waits for the next second on the host's clock.
        var posts = Enumerable.Range(0, 8).Select(i => connector.SendAsync(_teams.Connector.ServiceUrl, conversation,
            new System.Text.Json.Nodes.JsonObject { ["type"] = "message", ["text"] = $"post {i}" }, null, CancellationToken.None)).ToList();
        await Eventually.TrueAsync(() => _teams.App.Metrics.Total("momentum.chat.paced") == 1 && Posted() == 7, "seven posts through and the eighth held");
        _teams.App.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(posts);

        Assert.Equal(8, Posted());
    }

    [Fact]
    public async Task AnAlertForAConversationMomentumNeverSawIsUndeliverableWithoutACall()
    {
        var id = OutboxStore.IdOf("never");
        var payload = JsonSerializer.Serialize(Reply.Text("hello"), ReplyJsonContext.Default.Reply);
        await Outbox.EnqueueAsync(id, "weekly-digest", new ChatTarget(Platform.Teams, TeamsHost.Workspace, "19:unknown@thread.tacv2"), payload, _teams.App.Clock.GetUtcNow());

        await Delivery.DeliverDueAsync(CancellationToken.None);

        var item = (await Outbox.GetAsync(id))!;
        Assert.Equal(OutboxStatus.Undeliverable, item.Status);
        Assert.Contains("no Teams conversation reference", item.Error, StringComparison.Ordinal);
        Assert.Empty(_teams.Connector.Calls);
    }

    [Fact]
    public async Task TheBotsTokenNeverGoesToAServiceUrlThatNoValidatedActivityNamed()
    {
        // A reference whose service URL did not come on a validated activity (say, written into Redis by hand).
        var store = _teams.Service<TeamsConversationStore>();
        await store.ActivateAsync(new TeamsConversation(TeamsHost.Workspace, "19:planted@thread.tacv2", _teams.Connector.ServiceUrl.Replace("/amer/", "/emea/", StringComparison.Ordinal), "channel", null, null, TeamsHost.Bot), _teams.App.Clock.GetUtcNow());
        var id = OutboxStore.IdOf("planted");
        var payload = JsonSerializer.Serialize(Reply.Text("hello"), ReplyJsonContext.Default.Reply);
        await Outbox.EnqueueAsync(id, "weekly-digest", new ChatTarget(Platform.Teams, TeamsHost.Workspace, "19:planted@thread.tacv2"), payload, _teams.App.Clock.GetUtcNow());

        await Delivery.DeliverDueAsync(CancellationToken.None);

        var item = (await Outbox.GetAsync(id))!;
        Assert.Equal(OutboxStatus.Undeliverable, item.Status);
        Assert.Contains("UntrustedServiceUrl", item.Error, StringComparison.Ordinal);
        Assert.Empty(_teams.Connector.TokenRequests);
    }

    [Fact]
    public async Task OneTokenServesEveryPostUntilShortlyBeforeItExpires()
    {
        var subscription = await SubscribeChannelAsync();
        // Five, so that with the subscription's reply they stay within Teams' seven posts a second to one conversation.
        for (var week = 0; week < 5; week++)
        {
            await EnqueueAlertAsync(subscription, $"2026-01-{week + 10:00}");
        }

        Assert.Equal(5, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Single(_teams.Connector.TokenRequests);

        _teams.App.Clock.Advance(TimeSpan.FromMinutes(54));
        await EnqueueAlertAsync(subscription, "2026-02-01");
        Assert.Equal(1, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Single(_teams.Connector.TokenRequests);

        // Tokens last an hour; a new one is fetched five minutes before the old one expires.
        _teams.App.Clock.Advance(TimeSpan.FromMinutes(1));
        await EnqueueAlertAsync(subscription, "2026-02-08");
        Assert.Equal(1, await Delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(2, _teams.Connector.TokenRequests.Count);
    }
}

/// <summary>The allow-list of service URL hosts applies even to service URLs that came on validated activities.</summary>
public sealed class TeamsServiceUrlAllowListTests : IAsyncLifetime
{
    private TeamsHost _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHost.StartAsync(new() { ["Teams:AllowedServiceUrlHosts"] = "smba.trafficmanager.net, *.botframework.com" });

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    [Fact]
    public async Task AServiceUrlOffTheAllowListGetsNoTokenAndNoPost()
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help", id: "a1"))).StatusCode);
        var connector = _teams.Service<BotConnectorClient>();

        var error = await Assert.ThrowsAsync<BotConnectorException>(() =>
            connector.SendAsync(_teams.Connector.ServiceUrl, TeamsHost.PersonalChat, new System.Text.Json.Nodes.JsonObject { ["type"] = "message", ["text"] = "hi" }, null, CancellationToken.None));

        Assert.Equal("UntrustedServiceUrl", error.Code);
        Assert.True(error.Permanent);
        Assert.Empty(_teams.Connector.Calls);
        Assert.Empty(_teams.Connector.TokenRequests);
    }
}
