using Momentum.Bot.Catalog;
using Momentum.Bot.GitHub;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;

namespace Momentum.Bot.Tests.Reliability;

/// <summary>A replica that stops mid-scan: its lease is short, and the next replica's scheduler finishes the scan unasked.</summary>
public sealed class InterruptedScanTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task AScanADeadReplicaLeftHalfDoneIsResumedByAnotherReplicasScheduler()
    {
        var repo = RepositoryId.Parse(SpikingRepository.Spiking);
        var hold = _hosts.GitHub.HoldHistory();
        var shortLeases = new Dictionary<string, string?> { ["GitHub:ScanLeaseTtl"] = "00:00:03" };
        var first = _hosts.Host(extra: shortLeases);
        _ = first.Get<ScanCoordinator>().ScanAsync(repo, ScanPriority.Background);
        await hold.Reached;

        // The lease lasts seconds (renewed while the scan runs), not minutes: a dead holder blocks the repository briefly.
        var ttl = await TestRedis.Connection.GetDatabase().KeyTimeToLiveAsync(first.Get<RedisKeys>().ScanLease(repo));
        Assert.InRange(ttl!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal([repo], await first.Get<ScanProgressStore>().ListedAsync());

        await first.DisposeAsync();
        hold.Release();
        await Leases.GoneAsync(_hosts.Prefix);
        var second = _hosts.Host(extra: shortLeases);

        // Nobody asks for the project: the second replica's scheduler finds the interrupted scan and finishes it.
        await Eventually.TrueAsync(() => second.Metrics.Total("momentum.scans", "outcome", "finished") == 1, "the second replica to finish the scan");
        // And it is no longer listed as interrupted (that is written just after the scan's own count).
        await Eventually.TrueAsync(async () => (await second.Get<ScanProgressStore>().ListedAsync()).Count == 0, "the finished scan to be no longer listed as in progress");
    }

    [Fact]
    public async Task SomeoneWaitingOnAScanWhoseReplicaDiedScansItThemselves()
    {
        var repo = RepositoryId.Parse(SpikingRepository.Spiking);
        var host = _hosts.Host();
        var db = TestRedis.Connection.GetDatabase();
        var lease = host.Get<RedisKeys>().ScanLease(repo);
        // A replica took the lease and listed the scan, then died.
        Assert.True(await db.StringSetAsync(lease, "dead-replica", TimeSpan.FromMinutes(1), StackExchange.Redis.When.NotExists));
        await host.Get<ScanProgressStore>().StartedAsync(repo, host.Clock.GetUtcNow());

        var asked = host.Get<ScanCoordinator>().ScanAsync(repo, ScanPriority.Interactive);
        // The waiter polls the lease on the host's clock: a few polls while it is held, then it lapses.
        for (var poll = 0; poll < 20; poll++)
        {
            host.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        Assert.False(asked.IsCompleted, "the waiter did not wait for the lease");
        await db.KeyDeleteAsync(lease);
        await Eventually.TrueAsync(
            () =>
            {
                host.Clock.Advance(TimeSpan.FromMilliseconds(250));
                return asked.IsCompleted;
            },
            "the waiter to end");

        // It scanned (a result of its own, not "another replica did it") and the repository is no longer listed.
        Assert.NotNull(await asked);
        Assert.Equal(1, host.Metrics.Total("momentum.scans", "outcome", "finished"));
        Assert.False(await host.Get<ScanProgressStore>().IsListedAsync(repo));
    }
}
