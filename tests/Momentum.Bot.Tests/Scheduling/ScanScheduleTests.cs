using Momentum.Bot.Scheduling;
using Momentum.Bot.Tests.Infrastructure;
using Quartz;

namespace Momentum.Bot.Tests.Scheduling;

/// <summary>Scan slots are the same on every replica, so the per-slot lease lets exactly one of them scan.</summary>
public sealed class ScanScheduleTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task ReplicasStartedAtDifferentTimesFireAWatchlistsScanAtTheSameInstants()
    {
        var first = _hosts.Host();
        await first.RunAsync("watchlist create infra");
        var late = _hosts.Host(now: MomentumApp.Now.AddMinutes(97).AddSeconds(13));

        var key = new TriggerKey("slack:T1|infra", ScanWatchlistJob.Group);
        var a = await (await first.SchedulerAsync()).GetTrigger(key, CancellationToken.None);
        var b = await (await late.SchedulerAsync()).GetTrigger(key, CancellationToken.None);

        var after = MomentumApp.Now.AddHours(7);
        var slot = a!.GetFireTimeAfter(after);
        Assert.Equal(slot, b!.GetFireTimeAfter(after));
        Assert.Equal(slot!.Value.AddHours(6), a.GetFireTimeAfter(slot));
    }

    [Theory]
    [InlineData("2026-03-23T10:00:00Z", 0, "2026-03-23T12:00:00Z")]
    [InlineData("2026-03-23T11:59:59Z", 0, "2026-03-23T12:00:00Z")]
    [InlineData("2026-03-23T12:00:00Z", 0, "2026-03-23T18:00:00Z")]
    [InlineData("2026-03-23T12:00:00Z", 1234, "2026-03-23T12:20:34Z")]
    [InlineData("2026-03-23T12:30:00Z", 1234, "2026-03-23T18:20:34Z")]
    public void ScanSlotsAreWholeIntervalsSinceTheEpochPlusTheWatchlistsOffset(string now, int offsetSeconds, string expected)
    {
        var next = ScheduleSynchronizer.NextScan(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(6), TimeSpan.FromSeconds(offsetSeconds));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }
}
