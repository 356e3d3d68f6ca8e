using System.Globalization;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;
using ScottPlot;

namespace Momentum.Bot.Charts;

/// <summary>
/// The pictures of a report: the card's 52 weeks of contributors by class, a comparison of end-user contributors, a
/// spike against its baseline, and a watchlist's movers. Pure: the same report gives the same PNG bytes.
/// </summary>
public static class ReportCharts
{
    public const int CardWeeks = 52;
    public const int BaselineWeeks = SpikeRules.BaselineWeeks;
    public const int MaxMovers = 8;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // A week's column is 5.6 of its 7 days wide.
    private const double ColumnDays = 5.6;

    /// <summary>52 complete weeks of contributors as stacked bars by class, the end-user baseline band, alerted weeks marked.</summary>
    public static ReplyChart Card(ProjectReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var all = report.Report.Weeks.Where(w => !w.Partial).ToList();
        var weeks = all.TakeLast(CardWeeks).ToList();
        var title = $"{report.Project}: contributors per week by class, last {weeks.Count} complete weeks";
        var plot = ChartStyle.NewPlot(title);

        var columns = new StackedColumns(ColumnDays);
        foreach (var week in weeks)
        {
            var x = X(week.WeekStart);
            double bottom = 0;
            foreach (var c in ClassCounts.Stacked)
            {
                var n = week.ContributorsOf(c);
                if (n > 0)
                {
                    columns.Add(x, bottom, bottom + n, ChartStyle.Of(c));
                    bottom += n;
                }
            }
        }

        plot.Add.Plottable(columns);

        // The end-user baseline as the spike detector reads it: level ± spread of the complete weeks before each week
        // (up to SpikeRules.BaselineWeeks, the year-end holiday weeks left out).
        var band = new List<(double X, double Low, double High)>();
        var offset = all.Count - weeks.Count;
        for (var i = 0; i < weeks.Count; i++)
        {
            var before = all.Skip(Math.Max(0, offset + i - BaselineWeeks)).Take(Math.Min(BaselineWeeks, offset + i))
                .Where(w => !SpikeRules.IsYearEndHoliday(Week.Of(w.WeekStart))).Select(w => (double)w.EndUserContributors).ToArray();
            if (before.Length >= 4)
            {
                var (level, spread) = SpikeRules.Baseline(before);
                band.Add((X(weeks[i].WeekStart), Math.Max(0, level - spread), level + spread));
            }
        }

        if (band.Count > 1)
        {
            var fill = plot.Add.FillY(band.Select(b => b.X).ToArray(), band.Select(b => b.Low).ToArray(), band.Select(b => b.High).ToArray());
            fill.FillColor = ChartStyle.Band;
            fill.LineWidth = 0;
            // Aliased: at 2× its edges read the same, and an antialiased translucent polygon this wide cost 1.5 ms.
            fill.FillStyle.AntiAlias = false;
        }

        var alerted = report.Report.Spikes.Select(s => s.WeekStart).ToHashSet();
        var marks = weeks.Where(w => alerted.Contains(w.WeekStart)).ToList();
        if (marks.Count > 0)
        {
            var top = weeks.Max(w => w.Contributors);
            var markers = plot.Add.ScatterPoints(marks.Select(w => X(w.WeekStart)).ToArray(), marks.Select(w => w.Contributors + Math.Max(1, top * 0.06)).ToArray(), ChartStyle.Alert);
            markers.MarkerShape = MarkerShape.FilledTriangleDown;
            markers.MarkerSize = 9;
        }

        IsoDates(plot);
        plot.Axes.Left.Label.Text = "contributors";
        plot.Axes.Margins(0.01, 0.08);
        plot.Axes.SetLimitsY(0, Math.Max(1, weeks.Count == 0 ? 1 : weeks.Max(w => w.Contributors) * 1.3));
        var legend = ClassCounts.Stacked.Select(c => new LegendItem { LabelText = ChartStyle.Label(c), FillColor = ChartStyle.Of(c) }).ToList();
        legend.Add(new LegendItem { LabelText = "end-user baseline", FillColor = ChartStyle.Band });
        if (marks.Count > 0)
        {
            legend.Add(new LegendItem { LabelText = "end-user spike", MarkerShape = MarkerShape.FilledTriangleDown, MarkerFillColor = ChartStyle.Alert, MarkerLineColor = ChartStyle.Alert, MarkerSize = 9 });
        }

        ShowLegend(plot, legend);
        return new ReplyChart("card", title, CardAltText(report.Project, weeks, marks.Count), ChartStyle.Png(plot));
    }

    /// <summary>End-user contributors per week, one line per project.</summary>
    public static ReplyChart Compare(IReadOnlyList<ProjectReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var title = $"End-user contributors per week: {string.Join(" vs ", reports.Select(r => r.Project))}";
        var plot = ChartStyle.NewPlot(title);
        var words = new List<string>();
        var legend = new List<LegendItem>();
        var max = 1;
        for (var i = 0; i < reports.Count; i++)
        {
            var weeks = reports[i].Report.Weeks.Where(w => !w.Partial).TakeLast(CardWeeks).ToList();
            var color = ChartStyle.Lines[i % ChartStyle.Lines.Length];
            if (weeks.Count > 0)
            {
                var line = plot.Add.ScatterLine(weeks.Select(w => X(w.WeekStart)).ToArray(), weeks.Select(w => (double)w.EndUserContributors).ToArray(), color);
                line.LineWidth = 2;
                // Aliased lines keep the PNG small (antialiased noisy series triple its size) and read the same at 2×.
                line.LineStyle.AntiAlias = false;
                max = Math.Max(max, weeks.Max(w => w.EndUserContributors));
            }

            legend.Add(new LegendItem { LabelText = reports[i].Project, LineColor = color, LineWidth = 2 });
            words.Add($"{reports[i].Project} {Direction(weeks.Select(w => w.EndUserContributors).ToList())}");
        }

        IsoDates(plot);
        plot.Axes.Left.Label.Text = "end-user contributors";
        plot.Axes.SetLimitsY(0, max * 1.15);
        ShowLegend(plot, legend);
        var alt = $"End-user contributors per week over the last {CardWeeks} weeks, one line per project: {string.Join("; ", words)}.";
        return new ReplyChart("compare", title, alt, ChartStyle.Png(plot));
    }

    /// <summary>The spike week against the weeks before it (the detector's baseline) and their baseline band, the organisations named.</summary>
    public static ReplyChart Alert(ProjectReport report, Spike spike)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(spike);
        var complete = report.Report.Weeks.Where(w => !w.Partial && w.WeekStart <= spike.WeekStart).TakeLast(BaselineWeeks + 1).ToList();
        var organizations = string.Join(", ", spike.Organizations.Take(5).Select(o => $"{o.Name} ({o.Contributors})")) + (spike.Organizations.Count > 5 ? ", …" : "");
        var title = $"{report.Project}: end-user spike in the week of {Day(spike.WeekStart)}";
        var plot = ChartStyle.NewPlot(title);
        var level = spike.ContributorMeasure.Baseline;
        var spread = spike.ContributorMeasure.Spread;
        if (complete.Count > 1)
        {
            var first = X(complete[0].WeekStart) - 3.5;
            var last = X(complete[^1].WeekStart) - 3.5;
            var low = Math.Max(0, level - spread);
            var high = level + spread;
            var band = plot.Add.FillY(new[] { first, last }, new[] { low, low }, new[] { high, high });
            band.FillColor = ChartStyle.Band;
            band.LineWidth = 0;
            var median = plot.Add.ScatterLine(new[] { first, last }, new[] { level, level }, ChartStyle.Ink.WithAlpha(0.6));
            median.LinePattern = LinePattern.Dashed;
        }

        var columns = new StackedColumns(ColumnDays);
        foreach (var w in complete)
        {
            columns.Add(X(w.WeekStart), 0, w.EndUserContributors, w.WeekStart == spike.WeekStart ? ChartStyle.Alert : ChartStyle.Of(ContributorClass.EndUser));
        }

        plot.Add.Plottable(columns);

        var top = Math.Max(spike.EndUserContributors, complete.Count == 0 ? 1 : complete.Max(w => w.EndUserContributors));
        var note = plot.Add.Text(organizations, X(spike.WeekStart), top * 1.08);
        note.LabelFontColor = ChartStyle.Ink;
        note.LabelFontSize = 10;
        note.LabelAlignment = Alignment.LowerRight;
        IsoDates(plot);
        plot.Axes.Left.Label.Text = "end-user contributors";
        plot.Axes.SetLimitsY(0, top * 1.3 + 1);
        ShowLegend(plot,
        [
            new LegendItem { LabelText = "end-user contributors", FillColor = ChartStyle.Of(ContributorClass.EndUser) },
            new LegendItem { LabelText = "spike week", FillColor = ChartStyle.Alert },
            new LegendItem { LabelText = $"baseline ({spike.BaselineWeeks} weeks, level ± spread)", FillColor = ChartStyle.Band },
        ]);
        var alt = $"End-user contributors to {report.Project} per week: {spike.EndUserContributors} in the week of {Day(spike.WeekStart)}, against a baseline of {level.ToString("0.#", Invariant)} a week over {spike.BaselineWeeks} weeks (band ± {spread.ToString("0.#", Invariant)}), from {spike.EndUserOrganizations} organisations: {organizations}.";
        return new ReplyChart("alert", title, alt, ChartStyle.Png(plot));
    }

    /// <summary>A watchlist's movers: each project's momentum score against the steady middle (50), largest moves first.</summary>
    public static ReplyChart Summary(string watchlist, IReadOnlyList<ProjectReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var movers = reports.OrderByDescending(r => Math.Abs(r.Report.Momentum.Score - 50)).ThenBy(r => r.Project, StringComparer.Ordinal).Take(MaxMovers).ToList();
        var title = $"{watchlist}: top movers by momentum score (50 = steady)";
        var plot = ChartStyle.NewPlot(title);
        var bars = movers.Select((r, i) => new Bar
        {
            Position = movers.Count - i,
            ValueBase = 50,
            Value = r.Report.Momentum.Score,
            FillColor = r.Report.Momentum.Score >= 50 ? ChartStyle.Rising : ChartStyle.Cooling,
            LineWidth = 0,
            Size = 0.7,
            Orientation = Orientation.Horizontal,
        }).ToList();
        if (bars.Count > 0)
        {
            plot.Add.Bars(bars);
        }

        var middle = plot.Add.VerticalLine(50, 1, ChartStyle.Ink.WithAlpha(0.6));
        middle.LinePattern = LinePattern.Dashed;
        plot.Axes.Left.SetTicks(movers.Select((_, i) => (double)(movers.Count - i)).ToArray(), movers.Select(r => r.Project).ToArray());
        plot.Axes.SetLimitsX(0, 100);
        plot.Axes.SetLimitsY(0.3, Math.Max(1, movers.Count) + 0.7);
        plot.Axes.Bottom.Label.Text = "momentum score";
        ShowLegend(plot,
        [
            new LegendItem { LabelText = "rising", FillColor = ChartStyle.Rising },
            new LegendItem { LabelText = "cooling", FillColor = ChartStyle.Cooling },
        ]);
        var alt = movers.Count == 0
            ? $"{watchlist}: no projects to chart."
            : $"{watchlist} momentum scores, largest moves first: {string.Join(", ", movers.Select(r => $"{r.Project} {r.Report.Momentum.Score} ({r.Report.Momentum.Trend.ToString().ToLowerInvariant()})"))}.";
        return new ReplyChart("summary", title, alt, ChartStyle.Png(plot));
    }

    private static void IsoDates(Plot plot)
    {
        var axis = plot.Axes.DateTimeTicksBottom();
        if (axis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic automatic)
        {
            automatic.LabelFormatter = d => d.ToString("yyyy-MM-dd", Invariant);
        }
    }

    private static void ShowLegend(Plot plot, List<LegendItem> items)
    {
        plot.Legend.ManualItems.AddRange(items);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static string CardAltText(string project, List<WeekMetrics> weeks, int spikes)
    {
        if (weeks.Count == 0)
        {
            return $"{project}: no complete weeks of activity to chart yet.";
        }

        var peak = weeks.MaxBy(w => w.Contributors)!;
        var latest = weeks[^1];
        var classes = string.Join(", ", ClassCounts.Stacked.Select(c => $"{latest.ContributorsOf(c)} {ChartStyle.Label(c)}"));
        return $"{project}: contributors per week over {weeks.Count} complete weeks, {Direction(weeks.Select(w => w.Contributors).ToList())}; "
            + $"latest week {latest.Contributors} ({classes}), peak {peak.Contributors} in the week of {Day(peak.WeekStart)}; "
            + $"end-user contributors {Direction(weeks.Select(w => w.EndUserContributors).ToList())}"
            + (spikes > 0 ? $"; {spikes} end-user spike{(spikes == 1 ? "" : "s")} marked." : ".");
    }

    /// <summary>"rising (21 a week lately vs 14 before)": the last 4 weeks' mean against the 12 before.</summary>
    internal static string Direction(IReadOnlyList<int> values)
    {
        if (values.Count < 8)
        {
            return "too few weeks for a trend";
        }

        var recent = values.TakeLast(4).Average();
        var before = values.SkipLast(4).TakeLast(12).Average();
        var word = recent >= before * 1.15 + 0.5 ? "rising" : recent <= before * 0.85 - 0.5 ? "falling" : "steady";
        return $"{word} ({recent.ToString("0.#", Invariant)} a week lately vs {before.ToString("0.#", Invariant)} before)";
    }

    // Bars sit at the middle of their week.
    private static double X(DateOnly weekStart) => weekStart.ToDateTime(new TimeOnly(12, 0)).AddDays(3).ToOADate();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);
}
