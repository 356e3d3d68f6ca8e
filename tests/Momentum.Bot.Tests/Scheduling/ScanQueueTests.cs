using System.Globalization;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Quartz;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Scheduling;

/// <summary>Watchlist scans go through one queue in Redis that every replica pulls from: none dropped, none twice, none lost with a replica.</summary>
public sealed class ScanQueueTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private static JobDataMap Slot(DateTimeOffset at) => new() { [ScheduleRuns.SlotKey] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };

    // No scheduled fire of its own while a test moves the clocks: the test fires the slots.
    private static readonly Dictionary<string, string?> LongCycle = new() { ["Scheduling:ScanInterval"] = "30.00:00:00" };

    private static long Scanned(params MomentumApp[] hosts) => hosts.Sum(h => h.Metrics.Total("momentum.watchlist.runs", "result", "scanned"));

    [Fact]
    public async Task EightWatchlistsFiringTogetherOnTwoReplicasAreEachScannedOnce()
    {
        var a = _hosts.Host(extra: LongCycle);
        for (var i = 0; i < 8; i++)
        {
            await a.RunAsync($"watchlist create w{i}");
            await a.RunAsync($"watchlist add w{i} {SpikingRepository.Steady}");
        }

        var b = _hosts.Host(extra: LongCycle);
        var schedulers = new[] { await a.SchedulerAsync(), await b.SchedulerAsync() };
        var jobs = Enumerable.Range(0, 8).Select(i => new JobKey($"slack:T1|w{i}", ScanWatchlistJob.Group)).ToList();

        // Every replica fires every watchlist's slot at once (Quartz runs 4 at a time: the rest fire late, not never).
        await Task.WhenAll(schedulers.SelectMany(s => jobs.Select(j => s.TriggerJob(j, Slot(MomentumApp.Now), CancellationToken.None).AsTask())));
        // The watchlists share a repository: a replica whose scan finds the other scanning it waits (on its clock) for
        // that scan, then reads the result.
        await Eventually.TrueAsync(
            () =>
            {
                a.Clock.Advance(TimeSpan.FromSeconds(1));
                b.Clock.Advance(TimeSpan.FromSeconds(1));
                return a.Metrics.Total("momentum.scan_queue.enqueued") + b.Metrics.Total("momentum.scan_queue.enqueued") == 16 && Scanned(a, b) == 8;
            },
            () => $"8 scans (scanned: {Scanned(a, b)}; offered: {a.Metrics.Total("momentum.scan_queue.enqueued") + b.Metrics.Total("momentum.scan_queue.enqueued")})");
        Assert.Equal(8, a.Metrics.Total("momentum.scan_queue.enqueued", "result", "queued") + b.Metrics.Total("momentum.scan_queue.enqueued", "result", "queued"));

        // The same slot fired again (a misfire caught up, a replica started late): queued never again, scanned never twice.
        await Task.WhenAll(schedulers.SelectMany(s => jobs.Select(j => s.TriggerJob(j, Slot(MomentumApp.Now), CancellationToken.None).AsTask())));
        await Eventually.TrueAsync(
            () => a.Metrics.Total("momentum.scan_queue.enqueued", "result", "repeated") + b.Metrics.Total("momentum.scan_queue.enqueued", "result", "repeated") == 8 + 16,
            () => $"the repeated fires to be offered (queued {a.Metrics.Total("momentum.scan_queue.enqueued", "result", "queued")}+{b.Metrics.Total("momentum.scan_queue.enqueued", "result", "queued")}, repeated {a.Metrics.Total("momentum.scan_queue.enqueued", "result", "repeated")}+{b.Metrics.Total("momentum.scan_queue.enqueued", "result", "repeated")}, scanned {Scanned(a, b)})");
        Assert.Equal(8, Scanned(a, b));
        Assert.Equal(0, a.Metrics.Total("momentum.watchlist.runs", "result", "skipped") + b.Metrics.Total("momentum.watchlist.runs", "result", "skipped"));
        var (waiting, running, _) = await a.Get<ScanQueueStore>().DepthAsync();
        Assert.Equal((0, 0), (waiting, running));
    }

    [Fact]
    public async Task AScanWhoseReplicaDiedAfterClaimingItIsPickedUpWhenItsLeaseLapses()
    {
        var a = _hosts.Host(extra: new() { ["Scheduling:Enabled"] = "false" });
        await a.RunAsync("watchlist create infra");
        await a.RunAsync($"watchlist add infra {SpikingRepository.Steady}");

        // A replica queued the slot, claimed it under a one-second lease, and died: nothing renews or completes it.
        var dead = new ScanQueueStore(TestRedis.Connection, new RedisKeys(_hosts.Prefix), new RedisLeases(TestRedis.Connection));
        var item = new ScanQueueItem("slack:T1", "infra", "29560320");
        Assert.True(await dead.EnqueueAsync(item, MomentumApp.Now, MomentumApp.Now, TimeSpan.FromHours(12)));
        Assert.Equal(item, (await dead.TryClaimAsync(TimeSpan.FromSeconds(1)))!.Item);

        var b = _hosts.Host(extra: LongCycle);
        var claim = new RedisKeys(_hosts.Prefix).ScanClaim(item.Id);
        var leases = new RedisLeases(TestRedis.Connection);
        await Eventually.TrueAsync(async () => !await leases.IsHeldAsync(claim), "the dead replica's claim to lapse", TimeSpan.FromSeconds(20));

        Assert.Equal(0, Scanned(b));
        // Its workers look again every poll interval (its clock): the lapsed claim is taken back and scanned.
        await Eventually.TrueAsync(
            () =>
            {
                b.Clock.Advance(TimeSpan.FromSeconds(5));
                return Scanned(b) == 1;
            },
            "the surviving replica to scan the dead one's claim",
            TimeSpan.FromSeconds(30));
        // The worker counts the scan just before it takes the item off the running set: wait for the queue to empty.
        var depth = "";
        await Eventually.TrueAsync(
            () =>
            {
                var (waiting, running, _) = b.Get<ScanQueueStore>().DepthAsync().GetAwaiter().GetResult();
                depth = $"{waiting} waiting, {running} running";
                return waiting == 0 && running == 0;
            },
            () => $"the queue to empty ({depth})",
            TimeSpan.FromSeconds(30));
        Assert.False(await dead.EnqueueAsync(item, MomentumApp.Now, MomentumApp.Now, TimeSpan.FromHours(12)));
    }

    [Fact]
    public async Task AScanTriggerThatFiresLateStillFiresForItsOwnSlot()
    {
        var app = _hosts.Host();
        await app.RunAsync("watchlist create infra");
        var trigger = await (await app.SchedulerAsync()).GetTrigger(new TriggerKey("slack:T1|infra", ScanWatchlistJob.Group), CancellationToken.None);
        Assert.Equal((int)SimpleTriggerMisfireInstruction.IgnoreMisfires, (int)trigger!.MisfireInstructionCode);
    }
}
