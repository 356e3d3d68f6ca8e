using System.Globalization;
using System.Text;
using System.Text.Json;
using Momentum.Bot.Catalog;
using Momentum.Engine;

namespace Momentum.Benchmarks;

/// <summary>
/// The spike detector on the real CNCF histories: alerts per project and calendar year at each sensitivity, how many
/// rest on one measure alone or fewer than two organisations, and recall against the labelled spikes
/// (tests/Momentum.Engine.Tests/data/labelled-spikes.json). <c>series</c> prints the weekly end-user series the
/// detector sees, the input the labels were made from.
/// </summary>
public static class SpikeCalibration
{
    private static readonly Sensitivity[] Levels = [Sensitivity.Low, Sensitivity.Normal, Sensitivity.High];

    public static IEnumerable<(string Name, MomentumReport[] Reports)> Reports(string dataDir)
    {
        var (catalog, known) = Calibration.Known(dataDir);
        foreach (var file in Directory.GetFiles(Path.Combine(dataDir, "commits"), "*.csv").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var (ledger, last) = Calibration.Load(file);
            var asOf = Week.Of(last).Next.StartInstant.AddDays(2);
            var context = Calibration.Context(catalog, known, name).Context;
            yield return (name, Levels.Select(s => MomentumCalculator.Compute(ledger, context, asOf, new ReportOptions { Sensitivity = s })).ToArray());
        }
    }

    /// <summary>One line per project and year: week start = end-user contributors/end-user organisations/all contributors, for labelling by eye.</summary>
    public static void Series(string dataDir)
    {
        foreach (var (name, reports) in Reports(dataDir))
        {
            Console.WriteLine($"## {name}");
            foreach (var year in reports[1].Weeks.Where(w => !w.Partial).GroupBy(w => w.WeekStart.Year))
            {
                Console.WriteLine($"{year.Key}: " + string.Join(" ", year.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.WeekStart:MM-dd}={w.EndUserContributors}/{w.EndUserOrganizations}/{w.Contributors}"))));
            }
        }
    }

    public static void Run(string dataDir, string? labelsFile)
    {
        var labels = labelsFile is null ? null : LabelledSpikes.Read(labelsFile);
        Console.WriteLine("| project | year | weeks | alerts (episodes) low | normal | high | normal: one measure alone | normal: < 2 organisations | labelled spikes | found at normal | normal alerts on borderline weeks | normal alerts outside labels |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var totals = new int[Levels.Length];
        double totalYears = 0;
        foreach (var (name, reports) in Reports(dataDir))
        {
            var project = labels?.Projects.FirstOrDefault(p => p.Name == name);
            var spikes = project?.Spikes ?? [];
            var episodeWeeks = spikes.SelectMany(l => l.Episode).Select(Day).ToHashSet();
            var borderline = (project?.Borderline ?? []).Select(b => Day(b.Week)).ToHashSet();
            foreach (var year in reports[1].Weeks.Where(w => !w.Partial).GroupBy(w => w.WeekStart.Year))
            {
                var weeks = year.Count();
                var counts = reports.Select(r => r.Spikes.Count(s => s.WeekStart.Year == year.Key && s.EpisodeWeek == 1)).ToArray();
                var normal = reports[1].Spikes.Where(s => s.WeekStart.Year == year.Key).ToArray();
                var alerts = normal.Where(s => s.EpisodeWeek == 1).ToArray();
                var yearLabels = spikes.Where(l => Day(l.Week).Year == year.Key).ToArray();
                var found = yearLabels.Count(l => normal.Any(s => l.Episode.Select(Day).Contains(s.WeekStart)));
                var onBorderline = alerts.Count(s => borderline.Contains(s.WeekStart));
                var outside = alerts.Count(s => !episodeWeeks.Contains(s.WeekStart) && !borderline.Contains(s.WeekStart));
                for (var i = 0; i < counts.Length; i++)
                {
                    totals[i] += counts[i];
                }

                totalYears += weeks / 52.0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {year.Key} | {weeks} | {counts[0]} | {counts[1]} | {counts[2]} | {alerts.Count(OneMeasureAlone)} | {alerts.Count(s => s.EndUserOrganizations < 2)} | {yearLabels.Length} | {found} | {onBorderline} | {outside} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"All projects, {totalYears:0.0} project-years: low {totals[0] / totalYears:0.00}, normal {totals[1] / totalYears:0.00}, high {totals[2] / totalYears:0.00} alerts per project-year."));
        Console.WriteLine();
        Console.WriteLine("Spike weeks at normal sensitivity (an alert per episode):");
        foreach (var (name, reports) in Reports(dataDir))
        {
            foreach (var s in reports[1].Spikes)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- {name} {s.WeekStart:yyyy-MM-dd}: {Describe(s)}"));
            }
        }
    }

    private static DateOnly Day(string week) => DateOnly.Parse(week, CultureInfo.InvariantCulture);

    private static bool OneMeasureAlone(Spike s) => !(s.ContributorMeasure.Fired && s.OrganizationMeasure.Fired);

    private static string Describe(Spike s) => string.Create(CultureInfo.InvariantCulture,
        $"{(s.EpisodeWeek > 1 ? $"(episode of {s.EpisodeStart:yyyy-MM-dd}, week {s.EpisodeWeek}) " : "")}{M(s.ContributorMeasure)}; {M(s.OrganizationMeasure)}; {s.Organizations.Count(o => o.Contributors > 0)} organisations");

    private static string M(SpikeMeasure m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Name} {m.Count} vs {m.Baseline:0.##} ± {m.Spread:0.##} (p = {m.TailProbability:0.####}, lift {m.Lift:0.#} ≥ {m.RequiredLift:0.#})");
}

/// <summary>The labelled-spikes file: per project, its weekly end-user series and the weeks a reader calls a spike.</summary>
public sealed record LabelledSpikes(IReadOnlyList<LabelledProject> Projects)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LabelledSpikes Read(string path) => JsonSerializer.Deserialize<LabelledSpikes>(File.ReadAllText(path, Encoding.UTF8), Json)!;
}

public sealed record LabelledProject(string Name, IReadOnlyList<LabelledSpike> Spikes, IReadOnlyList<LabelledWeek> Borderline);

/// <summary>A labelled spike: the week a reader points at, and the weeks of its episode (an alert in any of them finds it).</summary>
public sealed record LabelledSpike(string Week, IReadOnlyList<string> Episode, string Reason);

public sealed record LabelledWeek(string Week, string Reason);
