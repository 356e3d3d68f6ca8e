using BenchmarkDotNet.Attributes;
using Momentum.Bot.Charts;
using Momentum.Bot.Reports;
using Momentum.Engine;

namespace Momentum.Benchmarks;

/// <summary>
/// Rendering each chart (1600×600 PNG) from a typical two-year report; the PNG's size is printed at set-up
/// (goal: ≤ 20 ms and ≤ 60 KB per chart).
/// </summary>
[MemoryDiagnoser]
public class ChartBenchmarks
{
    private ProjectReport _report = null!;
    private ProjectReport[] _compared = [];
    private Spike _spike = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compared = Enumerable.Range(0, 4).Select(i => Report($"project-{i}", seed: 2 + i)).ToArray();
        _report = _compared[0];
        // A spike to draw: the report's own if it has one, else one made up against its last complete week.
        var last = _report.Report.Weeks.Last(w => !w.Partial);
        _spike = _report.Report.Spikes.Count > 0 ? _report.Report.Spikes[^1] : new Spike(last.WeekStart, last.EndUserContributors, 4,
            new SpikeMeasure(SpikeMeasure.ContributorsName, last.EndUserContributors, 4, 1, 0.001, 6, 3, true),
            new SpikeMeasure(SpikeMeasure.OrganizationsName, 3, 1.2, 0.8, 0.01, 2, 2, true), 26,
            [new SpikeOrganization("Initech", 3), new SpikeOrganization("Globex", 2), new SpikeOrganization("Hooli", 2)], ["a", "b"], "normal") { EpisodeStart = last.WeekStart };
        foreach (var chart in new[] { Card(), Compare(), Alert(), Summary() })
        {
            Console.WriteLine($"// chart {chart.Kind}: {chart.Png.Length:N0} bytes");
        }
    }

    private static ProjectReport Report(string name, int seed)
    {
        var builder = new ActivityLedgerBuilder(Week.Of(Synthetic.AsOf).Plus(-104));
        foreach (var e in Synthetic.Events(14_000, identities: 400, seed))
        {
            builder.Add(e);
        }

        var report = MomentumCalculator.Compute(Synthetic.StoreShaped(builder.Build()), Synthetic.Context(400), Synthetic.AsOf);
        return new ProjectReport(name, ["acme/" + name], Synthetic.AsOf, null, [], VendorSource.Catalog, report, []);
    }

    [Benchmark(Description = "card: 52 weeks stacked by class, band, spikes")]
    public Momentum.Bot.Chat.ReplyChart Card() => ReportCharts.Card(_report);

    [Benchmark(Description = "compare: 4 projects")]
    public Momentum.Bot.Chat.ReplyChart Compare() => ReportCharts.Compare(_compared);

    [Benchmark(Description = "alert: spike week vs baseline")]
    public Momentum.Bot.Chat.ReplyChart Alert() => ReportCharts.Alert(_report, _spike);

    [Benchmark(Description = "summary: top movers")]
    public Momentum.Bot.Chat.ReplyChart Summary() => ReportCharts.Summary("infra", _compared);
}
