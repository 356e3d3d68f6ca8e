using Momentum.Bot.Catalog;
using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary>Projects side by side: one row per measure, one column per project, and why each moved.</summary>
public static class CompareCard
{
    /// <summary>The card's "Compare with…" menu lists this many catalog projects.</summary>
    public const int MaxMenuOptions = 25;

    public static Reply Build(IReadOnlyList<ProjectReport> reports, bool demo = false)
    {
        ArgumentNullException.ThrowIfNull(reports);
        string[] Row(string label, Func<MomentumReport, string> value) => reports.Select(r => value(r.Report)).Prepend(label).ToArray();
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Momentum", x => $"{x.Momentum.Score} {x.Momentum.Trend.Name()}"),
            Row("Active (4 wk)", x => x.Window.ActiveContributors.ToString("N0", Invariant)),
            Row("New (4 wk)", x => x.Window.NewContributors.ToString("N0", Invariant)),
            Row("End-user share", x => Pct(x.Window.EndUserShare)),
            Row("Unknown share", x => Pct(x.Window.UnknownShare)),
            Row("End-user orgs", x => x.Window.EndUserOrganizations.ToString(Invariant)),
            Row("Merged PRs/wk", x => x.Window.MergedPullRequestsPerWeek.ToString("0.#", Invariant)),
            Row("First response", x => x.Window.MedianHoursToFirstResponse is { } h ? h.ToString("0.#", Invariant) + " h" : "n/a"),
            Row("Stage", x => x.Stage?.Stage.Name() ?? "n/a"),
            Row("Spike (4 wk)", x => x.Spikes.Any(s => s.WeekStart >= x.Window.Start) ? "yes" : "—"),
        };
        var leader = reports.OrderByDescending(r => r.Report.Momentum.Score).First();
        return new Reply
        {
            Title = $"Compare: {string.Join(" vs ", reports.Select(r => r.Project))}{(demo ? " (demo data)" : "")}",
            Subtitle = "Last 4 complete weeks; momentum against the 12 weeks before",
            Summary = $"{leader.Project} leads with momentum {leader.Report.Momentum.Score}/100 ({string.Join(", ", reports.Select(r => $"{r.Project} {r.Report.Momentum.Score}"))})",
            Charts = [ReportCharts.Compare(reports)],
            Table = new ReplyTable(reports.Select(r => r.Project).Prepend("Measure").ToArray(), rows),
            Sections = reports.Select(r => new ReplySection(r.Project,
            [
                r.Report.Momentum.Drivers.Count > 0 ? "Why: " + string.Join("; ", r.Report.Momentum.Drivers) : "Why: nothing moved",
                .. r.Report.Stage is { } stage ? [$"Stage: {stage.Evidence}"] : Array.Empty<string>(),
            ])).ToArray(),
            Notes = reports.SelectMany(r => r.Report.DataQuality.Warnings.Select(warning => $"{r.Project}: {warning}")).Distinct(StringComparer.Ordinal).Take(6).ToArray(),
        };
    }

    /// <summary>The "Compare with…" menu of a project's card: projects of the same GitHub owner first (siblings), then the catalog's order.</summary>
    /// <param name="demo">Demo mode: only the demo's projects, the only ones it can answer for.</param>
    public static IReadOnlyList<ReplyOption> MenuFor(ProjectCatalog catalog, Project project, string projectArgument, bool demo = false)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(project);
        var owner = project.Repositories.Count > 0 ? project.Repositories[0].Owner : null;
        return catalog.Projects.Where(p => p.Name != project.Name && (!demo || ProjectCatalog.IsDemo(p)))
            .OrderBy(p => p.Repositories.Any(r => string.Equals(r.Owner, owner, StringComparison.OrdinalIgnoreCase)) ? 0 : 1)
            .Take(MaxMenuOptions)
            .Select(p => new ReplyOption(p.Name, $"{projectArgument} {p.Name}"))
            .ToArray();
    }
}
