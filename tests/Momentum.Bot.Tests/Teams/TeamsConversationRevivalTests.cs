using System.Text.Json;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Teams;

/// <summary>
/// A conversation an alert found blocked is dead until someone writes in it again; then it is alive on the very
/// replica that knew it before (no stale in-process memory keeps it dead).
/// </summary>
public sealed class TeamsConversationRevivalTests : IAsyncLifetime
{
    private TeamsHost _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private async Task<string> EnqueueTextAsync(Subscription subscription, string key)
    {
        var id = OutboxStore.IdOf(key);
        var payload = JsonSerializer.Serialize(Reply.Text("Weekly summary", key), ReplyJsonContext.Default.Reply);
        Assert.True(await _teams.Service<OutboxStore>().EnqueueAsync(id, "weekly-digest", new ChatTarget(subscription.Platform, subscription.Workspace, subscription.Channel), payload, _teams.App.Clock.GetUtcNow()));
        return id;
    }

    [Fact]
    public async Task AConversationMarkedDeadByAFailedAlertLivesAgainWhenSomeoneWritesInIt()
    {
        var subscription = await _teams.SubscribeChannelAsync();
        var conversations = _teams.Service<TeamsConversationStore>();
        var outbox = _teams.Service<OutboxStore>();
        var delivery = _teams.Service<OutboxDelivery>();

        _teams.Connector.Script(403, """{"error":{"code":"Forbidden","message":"Forbidden","innerHttpError":{"statusCode":403,"subCode":"MessageWritesBlocked"}}}""");
        var blocked = await EnqueueTextAsync(subscription, "blocked");
        await delivery.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(OutboxStatus.Undeliverable, (await outbox.GetAsync(blocked))!.Status);
        Assert.False((await conversations.GetAsync(TeamsHost.Workspace, TeamsHost.ChannelId))!.Active);

        // Unblocked: someone writes to the bot in the channel again, on the same replica.
        await _teams.PostAsync(_teams.ChannelMention("help", id: "again"));
        await _teams.Connector.WaitForAsync(c => c.ActivityId == "again");
        Assert.True((await conversations.GetAsync(TeamsHost.Workspace, TeamsHost.ChannelId))!.Active);

        var next = await EnqueueTextAsync(subscription, "next");
        Assert.Equal(1, await delivery.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(OutboxStatus.Sent, (await outbox.GetAsync(next))!.Status);
    }
}
