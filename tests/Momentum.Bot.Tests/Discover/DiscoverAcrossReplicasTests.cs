using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;

namespace Momentum.Bot.Tests.Discover;

/// <summary>
/// Two replicas on one Redis asked the same discovery at once: one searches and scans, the other waits for its result
/// (showing its progress); a replica waiting on a run whose holder died takes the run over once the lease lapses.
/// </summary>
public sealed class DiscoverAcrossReplicasTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The holder's lease outlives any slow run of the test (the hosts' fake clocks do not renew it), and a result stays
    /// fresh however far a waiting replica's clock is moved on to wake it.
    /// </summary>
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Scheduling:Enabled"] = "false",
        ["Discover:LeaseTtl"] = "00:05:00",
        ["Discover:CacheTtl"] = "30.00:00:00",
    };

    private readonly string _prefix = TestRedis.NewPrefix();
    private FakeGitHub _github = null!;
    private MomentumApp _first = null!;
    private MomentumApp _second = null!;

    private static DiscoverQuery Query => DiscoverQuery.Create(DiscoverCandidates.Topic, null, null, null).Query!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync(new LocalGitHubData());
        DiscoverCandidates.Seed(_github);
        _first = new MomentumApp(_github, Settings, prefix: _prefix);
        _second = new MomentumApp(_github, Settings, prefix: _prefix);
        _ = _first.Services;
        _ = _second.Services;
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _github.DisposeAsync();
    }

    /// <summary>
    /// Moves a waiting replica's clock on, a poll at a time, until <paramref name="done"/>: it wakes from its poll
    /// whenever it gets there (at most two days on, short of a new week).
    /// </summary>
    private static Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> done, string what)
    {
        var advanced = TimeSpan.Zero;
        return Eventually.TrueAsync(
            () =>
            {
                if (done())
                {
                    return true;
                }

                if (advanced < TimeSpan.FromDays(2))
                {
                    clock.Advance(Poll);
                    advanced += Poll;
                }

                return false;
            },
            what);
    }

    [Fact]
    public async Task TwoReplicasAskedTheSameDiscoveryAtOnceCostOneRunsSearchAndScans()
    {
        var hold = _github.HoldHistory();
        var first = _first.Get<DiscoveryService>().DiscoverAsync(Query, workspace: null, onSlow: null);
        await hold.Reached;
        Assert.Equal(1, _github.SearchRequests);

        // The second replica is asked while the first scans: it waits, showing the first one's progress.
        var second = _second.Get<DiscoveryService>().DiscoverAsync(Query, workspace: null, onSlow: null);
        await Eventually.TrueAsync(() => _second.Get<DiscoveryService>().Progress(Query, null) is { Candidates: 30 }, "the second replica to show the first one's progress");
        Assert.False(second.IsCompleted);

        hold.Release();
        var ran = await first;
        await AdvanceUntilAsync(_second.Clock, () => second.IsCompleted, "the second replica to answer with the first one's result");
        var waited = await second;

        Assert.Equal(ran.AsOf, waited.AsOf);
        Assert.Equal(ran.Projects.Select(p => p.Repository), waited.Projects.Select(p => p.Repository));
        Assert.Equal(30, waited.Projects.Count);
        // One run's search, and the second replica asked GitHub nothing at all (no search, no scan).
        Assert.Equal(1, _github.SearchRequests);
        Assert.Equal(0, _second.Get<GitHubBudget>().Counted);
        Assert.True(_first.Get<GitHubBudget>().Counted > 30);
        await Leases.GoneAsync(_prefix);
    }

    [Fact]
    public async Task AReplicaWaitingOnARunWhoseReplicaDiedRunsItItselfOnceTheLeaseLapses()
    {
        var keys = _second.Get<RedisKeys>();
        var lease = keys.DiscoveryLease("playground", Query.Hash());
        // The lease is its result's slot (a workspace's keys share one), whatever a cluster does with it.
        Assert.Equal(TestRedis.Connection.HashSlot(keys.Discovery("playground", Query.Hash())), TestRedis.Connection.HashSlot(lease));
        var db = TestRedis.Connection.GetDatabase();
        // A replica took the lease and died mid-run (7 of its 40 candidates scanned): no result, nobody renewing it.
        Assert.True(await db.StringSetAsync(lease, "dead-replica", TimeSpan.FromMinutes(1), StackExchange.Redis.When.NotExists));
        await db.StringSetAsync(keys.DiscoveryProgress("playground", Query.Hash()), "40 7", TimeSpan.FromMinutes(1));

        var asked = _second.Get<DiscoveryService>().DiscoverAsync(Query, "playground", onSlow: null);
        await Eventually.TrueAsync(() => _second.Get<DiscoveryService>().Progress(Query, "playground") is { Candidates: 40, Scanned: 7 }, "the replica to wait, showing the holder's progress");
        for (var poll = 0; poll < 20; poll++)
        {
            _second.Clock.Advance(Poll);
            await Task.Yield();
        }

        Assert.False(asked.IsCompleted, "the replica did not wait for the lease");
        Assert.Equal(0, _github.SearchRequests);

        await db.KeyDeleteAsync(lease); // it lapses
        await AdvanceUntilAsync(_second.Clock, () => _github.SearchRequests > 0, "the waiting replica to run the discovery itself");

        var result = await asked.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Null(_second.Get<DiscoveryService>().Progress(Query, "playground"));
        Assert.Equal(30, result.Projects.Count);
        Assert.All(result.Projects, p => Assert.Null(p.Problem));
        Assert.Equal(1, _github.SearchRequests);
        Assert.Equal(result.AsOf, (await _first.Get<DiscoveryService>().CachedAsync(Query, "playground"))!.AsOf);
    }
}
