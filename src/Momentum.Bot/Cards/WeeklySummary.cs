using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Store;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary>A subscription's weekly summary of its watchlist: top movers, new organisations, spikes, cooling, a table.</summary>
public static class WeeklySummary
{
    /// <summary>Watch buttons for followed topics' new entrants (Teams shows five actions at most).</summary>
    public const int MaxWatchButtons = 5;

    /// <summary>One condensed weekly message for a watchlist.</summary>
    public static Reply Build(Subscription subscription, DateOnly lastCompleteWeek, IReadOnlyList<(string Argument, ProjectReport Report)> projects, IReadOnlyList<string> failures, IReadOnlyList<TopicEntrants>? topics = null)
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
        var spikes = projects.SelectMany(p => p.Report.Report.Spikes.Where(s => s.WeekStart == week).Select(s => $"• {p.Report.Project}: {SpikeEvidence.Line(s)}")).ToArray();
        sections.Add(new ReplySection("End-user spikes this week", spikes.Length == 0 ? ["None."] : spikes));

        var cooling = projects.Where(p => p.Report.Report.Momentum.Trend == Trend.Cooling)
            .Select(p => $"• {p.Report.Project} {p.Report.Report.Momentum.Score} ▼ — {First(p.Report.Report.Momentum.Drivers)}").ToArray();
        sections.Add(new ReplySection("Cooling", cooling.Length == 0 ? ["Nothing is cooling."] : cooling));

        topics ??= [];
        foreach (var topic in topics)
        {
            sections.Add(new ReplySection($"New in topic:{topic.Topic}", topic.Problem is { } problem
                ? [problem]
                : topic.Projects.Count == 0
                    ? ["Nothing crossed the discovery bar since the last summary."]
                    : topic.Projects.Select(p => $"• {p.Repository} — {p.Reason}{(p.Stage is { } stage ? $" · {stage.ToString().ToLowerInvariant()}" : "")} · {p.Stars.ToString("N0", Invariant)} stars (lagging)").ToArray()));
        }

        var entrants = topics.SelectMany(t => t.Projects).Select(p => p.Repository).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var notes = new List<string>();
        var mostlyUnknown = projects.Where(p => p.Report.Report.DataQuality.UnknownAffiliationShare >= 0.5).Select(p => p.Report.Project).ToList();
        if (mostlyUnknown.Count > 0)
        {
            notes.Add($"Over half of active contributors have no known affiliation in: {string.Join(", ", mostlyUnknown)} (end-user shares there are lower bounds).");
        }

        notes.AddRange(failures);
        notes.Add($"Sensitivity {subscription.Sensitivity.ToString().ToLowerInvariant()}{(subscription.Exclude.Count > 0 ? ", excluding " + string.Join(", ", subscription.Exclude) : "")}. {Count(projects.Count, "project")}.");
        var table = new ReplyTable(["project", "score", "trend", "active", "end-user"], projects
            .OrderByDescending(p => p.Report.Report.Momentum.Score)
            .Take(20)
            .Select(p => (IReadOnlyList<string>)[p.Report.Project, p.Report.Report.Momentum.Score.ToString(Invariant), p.Report.Report.Momentum.Trend.Name(), p.Report.Report.Window.ActiveContributors.ToString("N0", Invariant), Pct(p.Report.Report.Window.EndUserShare)])
            .ToArray());
        return new Reply
        {
            Title = $"Weekly summary: {subscription.Watchlist}",
            Subtitle = $"Week of {week.ToString("yyyy-MM-dd", Invariant)} · {Count(projects.Count, "project")}",
            Summary = $"{subscription.Watchlist} this week: {(movers.Count > 0 ? $"{movers[0].Report.Project} leads ({movers[0].Report.Report.Momentum.Score})" : "no project rising")}, {Count(spikes.Length, "end-user spike")}, {cooling.Length} cooling",
            InChannel = true,
            Sections = sections,
            Table = projects.Count > 0 ? table : null,
            Charts = projects.Count > 0 ? [ReportCharts.Summary(subscription.Watchlist, projects.Select(p => p.Report).ToArray())] : [],
            Notes = notes,
            // Teams shows five actions at most: beyond five entrants, four buttons and a menu with every entrant.
            Actions = entrants.Take(entrants.Count > MaxWatchButtons ? MaxWatchButtons - 1 : MaxWatchButtons).Select(r => new ReplyAction("watch", "Watch " + r, r)).ToList(),
            Choices = entrants.Count > MaxWatchButtons ? [new ReplyChoice("watch", "Watch…", entrants.Select(r => new ReplyOption(r, r)).ToList())] : [],
        };
    }

    private static string First(IReadOnlyList<string> drivers) => drivers.Count > 0 ? drivers[0] : "no change";
}
