using Momentum.Bot.Chat;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Store;

/// <summary>The outbox, promised answers and Teams references: each change is one atomic operation on keys of one slot.</summary>
public sealed partial class StoreContractTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 18, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task OutboxMessagesAreCreatedOnceAndMoveBetweenTheirQueuesAtomically(string store)
    {
        var outbox = new OutboxStore(TestRedis.For(store), new RedisKeys(TestRedis.NewPrefix()));
        var target = new ChatTarget(Platform.Slack, "slack:T1", "C1");
        // Enough ids to land in every shard.
        var ids = Enumerable.Range(0, 160).Select(i => OutboxStore.IdOf("alert", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(RedisKeys.Shards, ids.Select(RedisKeys.ShardOf).Distinct().Count());
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.True(await outbox.EnqueueAsync(ids[i], "end-user-spike", target, "{}", T0.AddSeconds(i)));
        }

        Assert.False(await outbox.EnqueueAsync(ids[0], "end-user-spike", target, "{\"again\":1}", T0));
        Assert.Equal(ids, await outbox.DueAsync(T0.AddMinutes(5), max: 500));
        Assert.Equal(ids.Take(5), await outbox.DueAsync(T0.AddMinutes(5), max: 5));
        Assert.Equal(ids.Take(61), await outbox.DueAsync(T0.AddMinutes(1), max: 500));

        await outbox.StartAttemptAsync(ids[0], T0.AddMinutes(1));
        await outbox.MarkSentAsync(ids[0], T0.AddMinutes(1), "1.2");
        await outbox.StartAttemptAsync(ids[1], T0.AddMinutes(1));
        await outbox.RetryLaterAsync(ids[1], T0.AddHours(1), "ratelimited", outcomeKnown: false);
        await outbox.MarkUndeliverableAsync(ids[2], T0.AddMinutes(2), "channel_not_found");
        await outbox.MarkUndeliverableAsync(ids[3], T0.AddMinutes(3), "channel_not_found");

        Assert.Equal(ids.Skip(4), await outbox.DueAsync(T0.AddMinutes(5), max: 500));
        Assert.Equal([ids[1]], (await outbox.DueAsync(T0.AddHours(1), max: 500)).Except(ids.Skip(4)));
        var sent = await outbox.GetAsync(ids[0]);
        Assert.Equal((OutboxStatus.Sent, "1.2", 1, null), (sent!.Status, sent.MessageId, sent.Attempts, sent.AttemptStarted));
        var retried = await outbox.GetAsync(ids[1]);
        Assert.Equal((OutboxStatus.Pending, T0.AddMinutes(1), T0.AddHours(1)), (retried!.Status, retried.AttemptStarted, retried.NextAttemptAt));
        Assert.Equal([ids[3], ids[2]], (await outbox.UndeliverableAsync()).Select(i => i.Id));
        Assert.Equal("{}", (await outbox.GetAsync(ids[0]))!.Payload);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task PromisedAnswersAreListedOldestFirstUntilRemoved(string store)
    {
        var answers = new PendingAnswerStore(TestRedis.For(store), new RedisKeys(TestRedis.NewPrefix()));
        var ids = Enumerable.Range(0, 40).Select(i => $"answer-{i}").ToList();
        for (var i = ids.Count - 1; i >= 0; i--)
        {
            await answers.AddAsync(new PendingAnswer(ids[i], Platform.Slack, "slack:T1", "C1", "U1", "cilium", null, null, "https://hooks.slack.com/x", T0.AddSeconds(i)));
        }

        Assert.Equal(ids, await answers.IdsAsync());
        await answers.RemoveAsync(ids[0]);
        Assert.Null(await answers.GetAsync(ids[0]));
        Assert.Equal(ids.Skip(1).Take(3), await answers.IdsAsync(max: 3));
        Assert.Equal("cilium", (await answers.GetAsync(ids[1]))!.Text);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ATeamsConversationIsWelcomedOnceUntilItDies(string store)
    {
        var conversations = new TeamsConversationStore(TestRedis.For(store), new RedisKeys(TestRedis.NewPrefix()));
        var tenant = "teams:50612dbb-0237-4969-b378-8d42590f9c00";
        var reference = new TeamsConversation(tenant, "19:general@thread.tacv2", "https://smba.trafficmanager.net/emea/", "channel", "19:team@thread.tacv2", "19:general@thread.tacv2", "28:bot");

        Assert.True(await conversations.ActivateAsync(reference, T0));
        Assert.False(await conversations.ActivateAsync(reference, T0.AddMinutes(1)));
        Assert.Equal(["19:general@thread.tacv2"], await conversations.TeamConversationsAsync(tenant, "19:team@thread.tacv2"));
        Assert.True(await conversations.MarkDeadAsync(tenant, reference.Conversation, "removed", T0.AddMinutes(2)));
        Assert.True(await conversations.ActivateAsync(reference, T0.AddMinutes(3)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TheScanQueueServesByDueTimeFairlyAcrossWorkspacesAndEachSlotOnce(string store)
    {
        var redis = TestRedis.For(store);
        var queue = new ScanQueueStore(redis, new RedisKeys(TestRedis.NewPrefix()), new RedisLeases(redis));
        var remember = TimeSpan.FromHours(12);
        // Workspace T1 has three watchlists due at once, T2 one due a little later.
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.True(await queue.EnqueueAsync(new ScanQueueItem("slack:T1", name, "1"), T0, T0, remember));
        }

        Assert.True(await queue.EnqueueAsync(new ScanQueueItem("slack:T2", "x", "1"), T0.AddSeconds(30), T0, remember));
        Assert.False(await queue.EnqueueAsync(new ScanQueueItem("slack:T1", "a", "1"), T0, T0, remember));
        Assert.Equal((4L, 0L, T0), await queue.DepthAsync());

        var order = new List<string>();
        while (await queue.TryClaimAsync(TimeSpan.FromMinutes(1)) is { } claimed)
        {
            order.Add(claimed.Item.Workspace + "/" + claimed.Item.Watchlist);
            await queue.CompleteAsync(claimed);
        }

        Assert.Equal(["slack:T1/a", "slack:T2/x", "slack:T1/b", "slack:T1/c"], order);
        Assert.Equal((0L, 0L, (DateTimeOffset?)null), await queue.DepthAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AClaimedScanGoesBackToTheQueueWithItsPlaceOnlyOnceItsLeaseIsGone(string store)
    {
        var redis = TestRedis.For(store);
        var queue = new ScanQueueStore(redis, new RedisKeys(TestRedis.NewPrefix()), new RedisLeases(redis));
        await queue.EnqueueAsync(new ScanQueueItem("slack:T1", "a", "1"), T0, T0, TimeSpan.FromHours(1));
        await queue.EnqueueAsync(new ScanQueueItem("slack:T2", "b", "1"), T0.AddMinutes(1), T0, TimeSpan.FromHours(1));
        var first = (await queue.TryClaimAsync(TimeSpan.FromMinutes(1)))!;
        Assert.Equal(0, await queue.ReclaimAbandonedAsync());
        Assert.Equal((1L, 1L), ((await queue.DepthAsync()).Waiting, (await queue.DepthAsync()).Running));

        // Its holder is gone (the lease lapsed or was let go without completing).
        await first.Lease.DisposeAsync();
        Assert.Equal(1, await queue.ReclaimAbandonedAsync());
        var again = (await queue.TryClaimAsync(TimeSpan.FromMinutes(1)))!;
        Assert.Equal(first.Item, again.Item);
        await queue.CompleteAsync(again);
        Assert.Equal(0, await queue.ReclaimAbandonedAsync());
        Assert.Equal("b", (await queue.TryClaimAsync(TimeSpan.FromMinutes(1)))!.Item.Watchlist);
    }
}
