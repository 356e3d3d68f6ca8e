using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Catalog;
using Momentum.Bot.Demo;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Store;

/// <summary>A store written in key layout 1 (no hash tags) is moved to the hash-tagged layout once, at start-up.</summary>
public sealed class StoreLayoutMigrationTests
{
    private static readonly RepositoryId Repo = RepositoryId.Parse("acme/rocket");
    private static readonly Week W = Week.Of(new DateOnly(2026, 3, 9));

    public static TheoryData<string> Stores => new() { "redis", "cluster" };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task DataOfThePreviousLayoutIsReadableAfterStartUpAndTheMoveRunsOnce(string store)
    {
        var prefix = TestRedis.NewPrefix();
        var target = TestRedis.For(store);
        var db = target.GetDatabase();
        var expected = await WriteLayoutOneRepositoryAsync(prefix, target);
        await db.HashSetAsync(prefix + "ws:slack:T1:aliases", "mine", "acme/rocket");
        await db.HashSetAsync(prefix + "ws:playground:aliases", "play", "acme/rocket");
        await db.HashSetAsync(prefix + "outbox:abc", Item("Pending"));
        await db.SortedSetAddAsync(prefix + "outbox:due", "abc", 5);
        await db.HashSetAsync(prefix + "outbox:def", Item("Undeliverable"));
        await db.SortedSetAddAsync(prefix + "outbox:undeliverable", "def", 7);
        await db.HashSetAsync(prefix + "answer:q1", [new("platform", "slack"), new("workspace", "slack:T1"), new("channel", "C1"), new("user", "U1"), new("text", "cilium"), new("destination", "https://hooks.slack.com/commands/x"), new("promisedAt", MomentumApp.Now.ToUnixTimeMilliseconds())]);
        await db.SortedSetAddAsync(prefix + "answers", "q1", MomentumApp.Now.ToUnixTimeMilliseconds());
        // A live replica still keeps that promise: nobody here takes it over.
        await db.StringSetAsync(prefix + "lease:answer:q1", "someone", TimeSpan.FromMinutes(5));
        var connection = store == "cluster" ? TestRedis.ClusterConnectionString : TestRedis.ConnectionString;

        await using var github = await FakeGitHub.StartAsync(new LocalGitHubData());
        await using (var app = new MomentumApp(github, new() { ["Scheduling:Enabled"] = "false" }, redis: connection, prefix: prefix))
        {
            using var client = app.CreateClient();
            var services = app.Services;
            var activity = services.GetRequiredService<ActivityStore>();
            var ledger = await activity.LoadLedgerAsync(Repo, W.Plus(-2), W.Plus(2));
            Assert.Equal(expected, (ledger.Actors.Count, ledger.Cells.Sum(c => c.Counts.Commits), ledger.Cells.Sum(c => c.Counts.PullRequestsMerged)));
            Assert.Equal(5, (await activity.GetStateAsync(Repo)).Stars);
            // The dedupe marks moved too: the same events again count nothing.
            Assert.Equal(0, await activity.ApplyAsync(Repo, Batch(await activity.LoadActorsAsync(Repo))));
            Assert.Equal(["acme/rocket"], (await services.GetRequiredService<AliasStore>().AllAsync("slack:T1"))["mine"]);
            Assert.Equal(["acme/rocket"], (await services.GetRequiredService<AliasStore>().AllAsync(WorkspaceIds.Playground))["play"]);
            var outbox = services.GetRequiredService<OutboxStore>();
            Assert.Equal(["abc"], await outbox.DueAsync(MomentumApp.Now));
            Assert.Equal("slack:T1", (await outbox.GetAsync("abc"))!.Target.Workspace);
            Assert.Equal("def", Assert.Single(await outbox.UndeliverableAsync()).Id);
            Assert.Equal(["q1"], await services.GetRequiredService<PendingAnswerStore>().IdsAsync());
            Assert.Equal("cilium", (await services.GetRequiredService<PendingAnswerStore>().GetAsync("q1"))!.Text);
            Assert.Equal(RedisKeys.LayoutVersion, (int)await db.StringGetAsync(prefix + "layout"));
            foreach (var old in new[] { "repo:acme/rocket:actors", "repo:acme/rocket:meta", "ws:slack:T1:aliases", "outbox:abc", "outbox:due", "outbox:undeliverable", "answer:q1", "answers" })
            {
                Assert.False(await db.KeyExistsAsync(prefix + old), old);
            }
        }

        // A second replica (or a restart) finds the layout key and moves nothing, even when old-layout keys appear again.
        await db.HashSetAsync(prefix + "ws:slack:T2:aliases", "late", "acme/rocket");
        await using var again = new MomentumApp(github, new() { ["Scheduling:Enabled"] = "false" }, redis: connection, prefix: prefix);
        using var second = again.CreateClient();
        Assert.Equal(0, await again.Services.GetRequiredService<StoreLayoutMigration>().RunAsync(CancellationToken.None));
        Assert.True(await db.KeyExistsAsync(prefix + "ws:slack:T2:aliases"));
    }

    private static HashEntry[] Item(string status) =>
        [new("kind", "end-user-spike"), new("platform", "slack"), new("workspace", "slack:T1"), new("channel", "C1"), new("thread", ""), new("payload", "{}"), new("status", status), new("attempts", 0), new("nextAttemptAt", 5), new("createdAt", 5)];

    /// <summary>
    /// A repository as the previous layout stored it: written by today's store on the standalone Redis, then copied key by
    /// key (DUMP/RESTORE) under the layout-1 names (the same, without the hash tag) into the store under test.
    /// </summary>
    private static async Task<(int Actors, int Commits, int Merged)> WriteLayoutOneRepositoryAsync(string prefix, IConnectionMultiplexer target)
    {
        var source = TestRedis.NewPrefix();
        var activity = new ActivityStore(TestRedis.Connection, new RedisKeys(source));
        await activity.ApplyAsync(Repo, Batch(await activity.LoadActorsAsync(Repo)));
        await activity.SaveStateAsync(Repo, new RepositoryState { HistoryStart = W, Stars = 5, DefaultBranch = "main" });
        var ledger = await activity.LoadLedgerAsync(Repo, W.Plus(-2), W.Plus(2));

        var from = TestRedis.Connection.GetDatabase();
        var copied = 0;
        await foreach (var key in TestRedis.Connection.GetServers()[0].KeysAsync(pattern: source + "*"))
        {
            var name = prefix + key.ToString()[source.Length..].Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
            await target.GetDatabase().KeyRestoreAsync(name, (await from.KeyDumpAsync(key))!);
            await from.KeyDeleteAsync(key);
            copied++;
        }

        Assert.True(copied >= 5, $"only {copied} keys written");
        return (ledger.Actors.Count, ledger.Cells.Sum(c => c.Counts.Commits), ledger.Cells.Sum(c => c.Counts.PullRequestsMerged));
    }

    private static ActivityBatch Batch(ActorTable actors)
    {
        var batch = new ActivityBatch(actors);
        var ana = batch.ActorOf("ana", false);
        var bob = batch.ActorOf("bob", false);
        batch.AddCommit("sha1", W.StartInstant.AddDays(1), ana, W.StartInstant.AddDays(1), "acme.com");
        batch.AddCommit("sha2", W.StartInstant.AddDays(2), ana, W.StartInstant.AddDays(2), "acme.com");
        batch.AddNumbered(ContributionKind.PullRequestOpened, 7, bob, W.StartInstant.AddDays(1));
        batch.AddNumbered(ContributionKind.PullRequestMerged, 7, bob, W.Next.StartInstant.AddDays(1));
        return batch;
    }
}
