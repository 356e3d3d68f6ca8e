using System.Globalization;
using Momentum.Bot.Commands;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Scheduling;

/// <summary>The messages the scheduler sends: an end-user spike alert, and a channel's weekly summary.</summary>
public static class AlertReplies
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>"End-user contributors to crossplane: 14 in the week of … vs a 12-week median of 5 (z = 4.1), from 9 organisations — …"</summary>
    public static Reply Spike(ProjectReport report, Spike spike, string projectArgument)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(spike);
        var organizations = string.Join(", ", spike.Organizations.Take(6).Select(o => o.Name)) + (spike.Organizations.Count > 6 ? ", …" : "");
        var why = $"End-user contributors to {report.Project}: {spike.EndUserContributors} in the week of {spike.WeekStart.ToString("yyyy-MM-dd", Inv)} vs a 12-week median of {spike.BaselineMedian.ToString("0.#", Inv)} (z = {spike.Z.ToString("0.0", Inv)}), from {spike.EndUserOrganizations} organisations — {organizations}";
        return new Reply
        {
            Title = $"End-user spike: {report.Project}",
            Subtitle = $"{string.Join(", ", report.Repositories)} · week of {spike.WeekStart.ToString("yyyy-MM-dd", Inv)} · sensitivity {spike.Sensitivity}",
            Summary = why,
            InChannel = true,
            Sections =
            [
                new ReplySection(null, [why]) { Links = MomentumCard.SpikeLinks(report.Repositories, spike).ToArray() },
                new ReplySection("Organisations", [string.Join(" · ", spike.Organizations.Select(o => $"{o.Name} ({o.Contributors})"))]),
                new ReplySection("Contributors", [string.Join(", ", spike.Contributors)]),
            ],
            Facts =
            [
                new ReplyFact("Baseline", $"median {spike.BaselineMedian.ToString("0.#", Inv)}, MAD {spike.BaselineMad.ToString("0.#", Inv)} over 12 weeks"),
                new ReplyFact("End-user organisations", $"{spike.EndUserOrganizations} vs a median of {spike.OrganizationsBaselineMedian.ToString("0.#", Inv)} (z = {spike.OrganizationsZ.ToString("0.0", Inv)})"),
                new ReplyFact("Momentum now", $"{report.Report.Momentum.Score}/100, {report.Report.Momentum.Trend}"),
            ],
            Notes = [$"Unknown affiliation in the window: {MomentumCard.Pct(report.Report.DataQuality.UnknownAffiliationShare)} — the spike counts only contributors whose organisation is known."],
            Actions = [new ReplyAction("card", "Open card", projectArgument, ReplyActionStyle.Primary)],
        };
    }

    /// <summary>One condensed weekly message for a watchlist.</summary>
    public static Reply Digest(Subscription subscription, DateOnly lastCompleteWeek, IReadOnlyList<(string Argument, ProjectReport Report)> projects, IReadOnlyList<string> failures)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(projects);
        var sections = new List<ReplySection>();
        var movers = projects.OrderByDescending(p => p.Report.Report.Momentum.Score).Where(p => p.Report.Report.Momentum.Score > 50).Take(3).ToList();
        sections.Add(new ReplySection("Top movers", movers.Count == 0
            ? ["Nobody is rising this week."]
            : movers.Select(p => $"• {p.Report.Project} {p.Report.Report.Momentum.Score} ▲ — {First(p.Report.Report.Momentum.Drivers)}").ToArray()));

        var newOrganizations = projects.Where(p => p.Report.Report.NewEndUserOrganizations.Count > 0)
            .Select(p => $"• {p.Report.Project}: {string.Join(", ", p.Report.Report.NewEndUserOrganizations.Take(8))}").ToArray();
        sections.Add(new ReplySection("New end-user organisations this week", newOrganizations.Length == 0 ? ["None."] : newOrganizations));

        var week = lastCompleteWeek;
        var spikes = projects.SelectMany(p => p.Report.Report.Spikes.Where(s => s.WeekStart == week).Select(s => $"• {p.Report.Project}: {MomentumCard.SpikeLine(s)}")).ToArray();
        sections.Add(new ReplySection("End-user spikes this week", spikes.Length == 0 ? ["None."] : spikes));

        var cooling = projects.Where(p => p.Report.Report.Momentum.Trend == "cooling")
            .Select(p => $"• {p.Report.Project} {p.Report.Report.Momentum.Score} ▼ — {First(p.Report.Report.Momentum.Drivers)}").ToArray();
        sections.Add(new ReplySection("Cooling", cooling.Length == 0 ? ["Nothing is cooling."] : cooling));

        var notes = new List<string>();
        var mostlyUnknown = projects.Where(p => p.Report.Report.DataQuality.UnknownAffiliationShare >= 0.5).Select(p => p.Report.Project).ToList();
        if (mostlyUnknown.Count > 0)
        {
            notes.Add($"Over half of active contributors have no known affiliation in: {string.Join(", ", mostlyUnknown)} (end-user shares there are lower bounds).");
        }

        notes.AddRange(failures);
        notes.Add($"Sensitivity {subscription.Sensitivity.ToString().ToLowerInvariant()}{(subscription.Exclude.Count > 0 ? ", excluding " + string.Join(", ", subscription.Exclude) : "")}. {projects.Count} projects.");
        var table = new ReplyTable(["", "score", "trend", "active", "end-user"], projects
            .OrderByDescending(p => p.Report.Report.Momentum.Score)
            .Take(20)
            .Select(p => (IReadOnlyList<string>)[p.Report.Project, p.Report.Report.Momentum.Score.ToString(Inv), p.Report.Report.Momentum.Trend, p.Report.Report.Window.ActiveContributors.ToString("N0", Inv), MomentumCard.Pct(p.Report.Report.Window.EndUserShare)])
            .ToArray());
        return new Reply
        {
            Title = $"Weekly summary: {subscription.Watchlist}",
            Subtitle = $"Week of {week.ToString("yyyy-MM-dd", Inv)} · {projects.Count} projects",
            Summary = $"{subscription.Watchlist} this week: {(movers.Count > 0 ? $"{movers[0].Report.Project} leads ({movers[0].Report.Report.Momentum.Score})" : "no project rising")}, {spikes.Length} end-user spikes, {cooling.Length} cooling",
            InChannel = true,
            Sections = sections,
            Table = projects.Count > 0 ? table : null,
            Notes = notes,
        };
    }

    private static string First(IReadOnlyList<string> drivers) => drivers.Count > 0 ? drivers[0] : "no change";
}
