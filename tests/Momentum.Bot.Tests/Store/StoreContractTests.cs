using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Catalog;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Store;

/// <summary>The store's contract, checked the same way against real Redis, embedded Garnet and a 3-master Redis Cluster.</summary>
public sealed partial class StoreContractTests
{
    public static TheoryData<string> Stores => new() { "redis", "garnet", "cluster" };

    private static readonly RepositoryId Repo = RepositoryId.Parse("acme/rocket");
    private static readonly Week W = Week.Of(new DateOnly(2026, 3, 9));

    private static (ActivityStore Store, IConnectionMultiplexer Redis, RedisKeys Keys) Create(string store)
    {
        var redis = TestRedis.For(store);
        var keys = new RedisKeys(TestRedis.NewPrefix());
        return (new ActivityStore(redis, keys), redis, keys);
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

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AnAppliedBatchCountsEachEventOnceWhateverTheRetries(string store)
    {
        var (activity, _, _) = Create(store);
        Assert.Equal(4, await activity.ApplyAsync(Repo, Batch(await activity.LoadActorsAsync(Repo))));
        // The same page again (a retry, a restart, a 304 re-read): nothing counts twice.
        Assert.Equal(0, await activity.ApplyAsync(Repo, Batch(await activity.LoadActorsAsync(Repo))));

        var ledger = await activity.LoadLedgerAsync(Repo, W.Plus(-2), W.Plus(2));
        Assert.Equal(2, ledger.Actors.Count);
        Assert.Equal(2, ledger.Cells.Sum(c => c.Counts.Commits));
        Assert.Equal(1, ledger.Cells.Sum(c => c.Counts.PullRequestsOpened));
        Assert.Equal(1, ledger.Cells.Single(c => c.Week == W.Next).Counts.PullRequestsMerged);
        Assert.All(ledger.ActorFirstSeen!, w => Assert.Equal(W, w));
        Assert.Equal(new DomainEvidence(0, "acme.com", W, W), Assert.Single(ledger.DomainEvidence));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AnActorKeepsTheDomainsItUsedAndWhen(string store)
    {
        var (activity, _, _) = Create(store);
        var batch = new ActivityBatch(await activity.LoadActorsAsync(Repo));
        var ana = batch.ActorOf("ana", false);
        batch.AddCommit("s1", W.Plus(-9).StartInstant, ana, W.Plus(-9).StartInstant, "acme.com");
        batch.AddCommit("s2", W.Plus(-5).StartInstant, ana, W.Plus(-5).StartInstant, "acme.com");
        batch.AddCommit("s3", W.StartInstant, ana, W.StartInstant, "isovalent.com");
        await activity.ApplyAsync(Repo, batch);
        var later = new ActivityBatch(await activity.LoadActorsAsync(Repo));
        later.AddCommit("s4", W.Plus(-12).StartInstant, later.ActorOf("ana", false), W.Plus(-12).StartInstant, "acme.com");
        await activity.ApplyAsync(Repo, later);

        var ledger = await activity.LoadLedgerAsync(Repo, W.Plus(-20), W);
        Assert.Equal(
            [new DomainEvidence(0, "acme.com", W.Plus(-12), W.Plus(-5)), new DomainEvidence(0, "isovalent.com", W, W)],
            ledger.DomainEvidence);
        Assert.Equal(W.Plus(-12), ledger.ActorFirstSeen![0]);
        Assert.Equal(4, ledger.Cells.Sum(c => c.Counts.Commits));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ABatchBuiltOnAStaleActorListIsRefused(string store)
    {
        var (activity, _, _) = Create(store);
        var stale = await activity.LoadActorsAsync(Repo);
        await activity.ApplyAsync(Repo, Batch(await activity.LoadActorsAsync(Repo)));
        var late = new ActivityBatch(stale);
        late.AddCommit("sha9", W.StartInstant, late.ActorOf("cy", false), W.StartInstant, null);
        await Assert.ThrowsAsync<RedisServerException>(() => activity.ApplyAsync(Repo, late));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task FirstSeenWeeksSurviveTrimmedWeeks(string store)
    {
        var (activity, _, _) = Create(store);
        var batch = new ActivityBatch(await activity.LoadActorsAsync(Repo));
        var ana = batch.ActorOf("ana", false);
        batch.AddCommit("old", W.Plus(-30).StartInstant, ana, W.Plus(-30).StartInstant, null);
        batch.AddCommit("new", W.StartInstant, ana, W.StartInstant, null);
        await activity.ApplyAsync(Repo, batch);

        await activity.TrimAsync(Repo, storedFrom: W.Plus(-40), keepFrom: W.Plus(-10), commitsFrom: W, awaitingFrom: W);

        var ledger = await activity.LoadLedgerAsync(Repo, W.Plus(-40), W);
        Assert.Equal(1, ledger.Cells.Sum(c => c.Counts.Commits));
        Assert.Equal(W.Plus(-30), ledger.ActorFirstSeen![0]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task FirstResponsesAreRecordedOncePerItemAndStopTheWait(string store)
    {
        var (activity, _, _) = Create(store);
        var opened = W.StartInstant.AddHours(10);
        var batch = new ActivityBatch(await activity.LoadActorsAsync(Repo));
        var eve = batch.ActorOf("eve", false);
        batch.Awaiting.Add(new AwaitingItem(12, eve, opened));
        await activity.ApplyAsync(Repo, batch);
        Assert.Equal(new AwaitingItem(12, eve, opened), (await activity.GetAwaitingAsync(Repo, W, W))[12]);

        for (var i = 0; i < 2; i++)
        {
            var response = new ActivityBatch(await activity.LoadActorsAsync(Repo));
            response.Responses.Add(new FirstResponse(12, opened, opened.AddHours(6 + i)));
            await activity.ApplyAsync(Repo, response);
        }

        var again = new ActivityBatch(await activity.LoadActorsAsync(Repo));
        again.Awaiting.Add(new AwaitingItem(12, eve, opened));
        await activity.ApplyAsync(Repo, again);

        Assert.Empty(await activity.GetAwaitingAsync(Repo, W.Plus(-2), W.Plus(2)));
        var ledger = await activity.LoadLedgerAsync(Repo, W, W);
        Assert.Equal(6.0, Assert.Single(ledger.FirstResponses).Hours);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task StateRoundTripsAndTheVersionMovesWithData(string store)
    {
        var (activity, _, _) = Create(store);
        var at = new DateTimeOffset(2026, 3, 18, 12, 0, 0, TimeSpan.Zero);
        await activity.SaveStateAsync(Repo, new RepositoryState { HistoryStart = W, LastScan = at, Stars = 5, DefaultBranch = "main", CommitsSince = at.AddDays(-14) });
        var before = await activity.GetStateAsync(Repo);
        await activity.ApplyAsync(Repo, Batch(await activity.LoadActorsAsync(Repo)));
        var after = await activity.GetStateAsync(Repo);

        Assert.Equal((W, at, 5, "main", at.AddDays(-14)), (after.HistoryStart!.Value, after.LastScan!.Value, after.Stars!.Value, after.DefaultBranch!, after.CommitsSince!.Value));
        Assert.True(after.Version > before.Version);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ProfilesAreCachedWithATimeToLive(string store)
    {
        var redis = TestRedis.For(store);
        var keys = new RedisKeys(TestRedis.NewPrefix());
        var profiles = new ProfileStore(redis, keys);
        await profiles.SaveAsync("ana", "@isovalent", "User", DateTimeOffset.UnixEpoch, TimeSpan.FromDays(30));
        await profiles.SaveAsync("helper", null, "Bot", DateTimeOffset.UnixEpoch, TimeSpan.FromDays(30));

        var facts = await profiles.GetManyAsync(["ana", "helper", "nobody"]);
        Assert.Equal("@isovalent", facts["ana"].Company);
        Assert.True(facts["helper"].IsBot);
        Assert.Equal(["nobody"], await profiles.MissingAsync(["ana", "helper", "nobody"]));
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(keys.Profile("ana"));
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30));

        // The scanner spreads expiries between half and all of the TTL, the same for a login every time.
        var spread = Enumerable.Range(0, 200).Select(i => Momentum.Bot.GitHub.RepositoryScanner.ProfileTtl($"user{i}", TimeSpan.FromDays(30))).ToList();
        Assert.All(spread, t => Assert.InRange(t, TimeSpan.FromDays(15), TimeSpan.FromDays(30)));
        Assert.True(spread.Max() - spread.Min() > TimeSpan.FromDays(10));
        Assert.Equal(spread[7], Momentum.Bot.GitHub.RepositoryScanner.ProfileTtl("user7", TimeSpan.FromDays(30)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ALeaseHasOneHolderAndOnlyTheHolderReleasesIt(string store)
    {
        var redis = TestRedis.For(store);
        var leases = new RedisLeases(redis);
        RedisKey key = TestRedis.NewPrefix() + "lease";
        var first = await leases.TryAcquireAsync(key, TimeSpan.FromMinutes(1));
        Assert.NotNull(first);
        Assert.Null(await leases.TryAcquireAsync(key, TimeSpan.FromMinutes(1)));

        // A stale holder's release does nothing once someone else holds the lease.
        await redis.GetDatabase().KeyDeleteAsync(key);
        var second = await leases.TryAcquireAsync(key, TimeSpan.FromMinutes(1));
        Assert.NotNull(second);
        Assert.NotEqual(first.Token, second.Token);
        await first.DisposeAsync();
        Assert.True(await leases.IsHeldAsync(key));
        Assert.False(await first.ExtendAsync(TimeSpan.FromMinutes(1)));
        Assert.True(await second.ExtendAsync(TimeSpan.FromMinutes(1)));
        await second.DisposeAsync();
        Assert.False(await leases.IsHeldAsync(key));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task AKeptAliveLeaseIsExtendedWhileItsWorkRunsAndReleasedAfter(string store)
    {
        var redis = TestRedis.For(store);
        var db = redis.GetDatabase();
        var leases = new RedisLeases(redis);
        var clock = new FakeTimeProvider(MomentumApp.Now);
        RedisKey key = TestRedis.NewPrefix() + "lease";
        var lease = (await leases.TryAcquireAsync(key, TimeSpan.FromMinutes(1)))!.KeepAlive(clock);

        // As if most of the TTL had passed: the next turn of the keep-alive (a third of the TTL later) renews it.
        await db.KeyExpireAsync(key, TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.KeyTimeToLiveAsync(key) is not { } left || left <= TimeSpan.FromSeconds(30))
        {
            Assert.True(DateTime.UtcNow < deadline, "the lease was never extended");
            clock.Advance(TimeSpan.FromSeconds(20));
            await Task.Yield();
        }

        await lease.DisposeAsync();
        Assert.False(await leases.IsHeldAsync(key));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReportsAndVendorListsRoundTrip(string store)
    {
        var redis = TestRedis.For(store);
        var keys = new RedisKeys(TestRedis.NewPrefix());
        var overrides = new VendorOverrideStore(redis, keys, new ReportMemory(TimeProvider.System));
        Assert.Null(Assert.Single(await overrides.RepositoriesAsync([Repo])));
        await overrides.SetRepositoryAsync(Repo, new VendorList([new Organization("Isovalent", ["isovalent.com"])]));
        Assert.Equal("isovalent.com", (await overrides.RepositoriesAsync([Repo]))[0]!.Organizations[0].Domains[0]);

        var cache = new ReportCache(redis, keys);
        var report = new ProjectReport("rocket", ["acme/rocket"], null, 7, [new Organization("A", [])], VendorSource.Api, Empty(), ["a note"]);
        await cache.SetAsync("k1", report, TimeSpan.FromMinutes(1));
        var read = await cache.GetAsync("k1");
        Assert.Equal(("A", VendorSource.Api, 7, Trend.Steady), (read!.Vendors[0].Name, read.VendorSource, read.Stars, read.Report.Momentum.Trend));
        Assert.Null(await cache.GetAsync("k2"));
    }

    private static MomentumReport Empty()
    {
        var context = new ClassificationContext(new AffiliationResolver([]), new VendorSet([]));
        return MomentumCalculator.Compute(ActivityLedger.Empty(W), context, W.StartInstant.AddDays(30));
    }
}
