using Momentum.Bot.Charts;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Charts;

public sealed class ReportChartsTests
{
    [Fact]
    public void TheCardChartIsAPngOfTheDocumentedSize()
    {
        var chart = ReportCharts.Card(ChartSamples.SplitReport());
        using var bitmap = ChartSamples.Decode(chart.Png);
        Assert.Equal((1600, 600), (bitmap.Width, bitmap.Height));
        Assert.Equal("card", chart.Kind);
        Assert.InRange(chart.Png.Length, 1, 60 * 1024);
    }

    [Fact]
    public void EachClassColourAppearsWhereTheDataPutsIt()
    {
        using var bitmap = ChartSamples.Decode(ReportCharts.Card(ChartSamples.SplitReport()).Png);
        var middle = bitmap.Width / 2;
        var vendor = ChartSamples.ColumnsOf(bitmap, "#4C72B0");
        var endUser = ChartSamples.ColumnsOf(bitmap, "#DD8452");
        var unknown = ChartSamples.ColumnsOf(bitmap, "#9A9A9A");

        // Vendor staff only in the older half, end-user staff only in the newer half, unknown people every week.
        Assert.True(vendor.Count > 2000, $"vendor pixels: {vendor.Count}");
        Assert.True(endUser.Count > 2000, $"end-user pixels: {endUser.Count}");
        Assert.True(vendor.Average() < middle, $"vendor bars centre at x={vendor.Average():0}");
        Assert.True(endUser.Where(x => x > 200).Average() > middle, $"end-user bars centre at x={endUser.Average():0}");
        Assert.True(unknown.Count(x => x < middle) > 200 && unknown.Count(x => x > middle) > 200, "unknown bars in both halves");
    }

    [Fact]
    public void EveryContributorClassHasACountAndAColour()
    {
        var week = ChartSamples.SplitReport().Report.Weeks.Where(w => !w.Partial).ToList()[^30];
        Assert.Equal(week.Contributors, Enum.GetValues<ContributorClass>().Sum(c => week.ContributorsOf(c)));
        Assert.Equal(Enum.GetValues<ContributorClass>().Length, Enum.GetValues<ContributorClass>().Select(c => ChartStyle.Of(c)).Distinct().Count());
    }

    [Fact]
    public void TheSameDataGivesTheSameBytes()
    {
        Assert.Equal(ReportCharts.Card(ChartSamples.SplitReport()).Png, ReportCharts.Card(ChartSamples.SplitReport()).Png);
        Assert.Equal(ReportCharts.Compare([ChartSamples.SplitReport("a"), ChartSamples.SplitReport("b", scale: 2)]).Png, ReportCharts.Compare([ChartSamples.SplitReport("a"), ChartSamples.SplitReport("b", scale: 2)]).Png);
        Assert.NotEqual(ReportCharts.Card(ChartSamples.SplitReport()).Png, ReportCharts.Card(ChartSamples.SplitReport(scale: 2)).Png);
    }

    [Fact]
    public void AChartDrawnAfterADifferentOneHasTheSameBytes()
    {
        // Charts are drawn on a pooled raster that is not cleared: the opaque background must cover what the last left.
        var report = ChartSamples.SplitReport("a");
        var card = ReportCharts.Card(report).Png;
        _ = ReportCharts.Alert(ChartSamples.SplitReport("spiky", spike: true), ChartSamples.SplitReport("spiky", spike: true).Report.Spikes[^1]);
        _ = ReportCharts.Summary("infra", [report]);
        Assert.Equal(card, ReportCharts.Card(report).Png);
    }

    [Fact]
    public void EveryKindRendersADecodablePngWithItsTrendInWords()
    {
        var spiking = ChartSamples.SplitReport("spiky", spike: true);
        Assert.NotEmpty(spiking.Report.Spikes);
        var charts = new[]
        {
            ReportCharts.Card(spiking),
            ReportCharts.Compare([ChartSamples.SplitReport("a"), spiking]),
            ReportCharts.Alert(spiking, spiking.Report.Spikes[^1]),
            ReportCharts.Summary("infra", [ChartSamples.SplitReport("a"), spiking]),
        };
        foreach (var chart in charts)
        {
            File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, $"chart-{chart.Kind}.png"), chart.Png);
            using var bitmap = ChartSamples.Decode(chart.Png);
            Assert.Equal((1600, 600), (bitmap.Width, bitmap.Height));
            Assert.InRange(chart.Png.Length, 1, 60 * 1024);
        }

        Assert.Contains("rising", charts[0].AltText, StringComparison.Ordinal);
        Assert.Contains("spike", charts[0].AltText, StringComparison.Ordinal);
        Assert.Contains("company", charts[2].AltText, StringComparison.Ordinal);
        Assert.Contains("spiky", charts[3].AltText, StringComparison.Ordinal);
        // The spike week is drawn in the alert colour.
        using var alert = ChartSamples.Decode(charts[2].Png);
        Assert.True(ChartSamples.ColumnsOf(alert, "#C0392B").Count > 500);
    }

    [Fact]
    public void ChartsRenderWithoutLoadingHarfBuzz()
    {
        // The published app leaves libHarfBuzzSharp.so out (Momentum.Bot.csproj): ScottPlot must draw every kind without
        // shaping, names in scripts that would need it (Arabic, Devanagari), CJK and an emoji included.
        var spiking = ChartSamples.SplitReport("مشروع-प्रोजेक्ट-项目-🚀", spike: true);
        _ = ReportCharts.Card(spiking);
        _ = ReportCharts.Compare([ChartSamples.SplitReport("a"), spiking]);
        _ = ReportCharts.Alert(spiking, spiking.Report.Spikes[^1]);
        _ = ReportCharts.Summary("infra", [ChartSamples.SplitReport("a"), spiking]);
        Assert.DoesNotContain("libHarfBuzzSharp", File.ReadAllText("/proc/self/maps"), StringComparison.Ordinal);
    }
}
