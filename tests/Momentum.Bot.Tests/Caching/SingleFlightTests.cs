using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Reports;
using Momentum.Bot.Tests.Charts;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Caching;

/// <summary>
/// Every answer waiting on one scan asks for the same report when it ends: one computes it, the rest share it, and a
/// view builds each derived card or chart once — under load the herd of identical computes starved the thread pool.
/// </summary>
public sealed class SingleFlightTests
{
    private readonly FakeTimeProvider _time = new(ChartSamples.Now);

    [Fact]
    public async Task ManyAskingForOneReportAtOnceMakeItOnce()
    {
        var memory = new ReportMemory(_time);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var made = 0;
        async Task<ReportView> Make()
        {
            Interlocked.Increment(ref made);
            await gate.Task;
            return new ReportView(ChartSamples.SplitReport());
        }

        var asks = Enumerable.Range(0, 50).Select(_ => Task.Run(() => memory.ReportAsync("key", Make, _time.GetUtcNow().AddDays(1)))).ToList();
        await Eventually.TrueAsync(() => Volatile.Read(ref made) == 1, "the first make to start");
        gate.SetResult();
        var views = await Task.WhenAll(asks);

        Assert.Equal(1, made);
        Assert.All(views, v => Assert.Same(views[0], v));
        // Kept afterwards: the next ask is answered from memory.
        Assert.Same(views[0], await memory.ReportAsync("key", Make, _time.GetUtcNow().AddDays(1)));
        Assert.Equal(1, made);
    }

    [Fact]
    public async Task AFailedMakeIsNotKeptTheNextAskTriesAgain()
    {
        var memory = new ReportMemory(_time);
        var attempts = 0;
        Task<ReportView> Make() => ++attempts == 1
            ? Task.FromException<ReportView>(new InvalidOperationException("store unavailable"))
            : Task.FromResult(new ReportView(ChartSamples.SplitReport()));

        await Assert.ThrowsAsync<InvalidOperationException>(() => memory.ReportAsync("key", Make, _time.GetUtcNow().AddDays(1)));
        Assert.NotNull(await memory.ReportAsync("key", Make, _time.GetUtcNow().AddDays(1)));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task AReportIsNotKeptPastTheMomentItsWeeksChange()
    {
        var memory = new ReportMemory(_time);
        var made = 0;
        Task<ReportView> Make()
        {
            made++;
            return Task.FromResult(new ReportView(ChartSamples.SplitReport()));
        }

        var until = _time.GetUtcNow().AddMinutes(1);
        await memory.ReportAsync("key", Make, until);
        _time.Advance(TimeSpan.FromMinutes(2));
        await memory.ReportAsync("key", Make, until);
        Assert.Equal(2, made);
    }

    [Fact]
    public async Task AViewBuildsEachDerivedValueOnceHoweverManyAskAtOnce()
    {
        var view = new ReportView(ChartSamples.SplitReport());
        using var gate = new ManualResetEventSlim();
        var built = 0;
        object Build(ProjectReport _)
        {
            Interlocked.Increment(ref built);
            gate.Wait(TimeSpan.FromSeconds(30));
            return new object();
        }

        var asks = Enumerable.Range(0, 8).Select(_ => Task.Run(() => view.Derived("card", Build))).ToList();
        await Eventually.TrueAsync(() => Volatile.Read(ref built) == 1, "the first build to start");
        gate.Set();
        var values = await Task.WhenAll(asks);

        Assert.Equal(1, built);
        Assert.All(values, v => Assert.Same(values[0], v));
        Assert.NotSame(values[0], view.Derived("chart", Build));
        Assert.Equal(2, built);
    }
}
