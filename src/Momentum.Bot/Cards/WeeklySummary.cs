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

    /// <summary>How many organisations a spike names once the summary is told shorter.</summary>
    public const int ShortOrganizations = 3;

    /// <summary>How many new end-user organisations (per project) and topic entrants (per topic) a brief telling names.</summary>
    public const int BriefItems = 3;

    /// <summary>
    /// How much of the summary's detail a telling keeps, most first. A platform that cannot show one takes the next
    /// (<see cref="Reply.Shorter"/>), so the least important detail goes first and the table always stays.
    /// </summary>
    public enum Detail
    {
        /// <summary>Everything: each spike's measures and up to <see cref="SpikeEvidence.LineNames"/> contributors.</summary>
        Full,

        /// <summary>Each spike's measures with its first <see cref="ShortOrganizations"/> organisations.</summary>
        FirstOrganizations,

        /// <summary>Each spike's counts and first organisations by name; a few new organisations and topic entrants each.</summary>
        Brief,

        /// <summary>One line per section: the projects and their counts.</summary>
        Counts,

        /// <summary>Top movers and one line of counts.</summary>
        Headlines,
    }

    /// <summary>What each shorter telling says it left out, and where to get it.</summary>
    public static string LeftOut(Detail detail) => detail switch
    {
        Detail.FirstOrganizations => $"Shortened to fit one message: each spike names its first {ShortOrganizations} organisations; /momentum <project> shows the full evidence.",
        Detail.Brief => $"Shortened to fit one message: spikes without their measures, at most {ShortOrganizations} organisations each, and at most {BriefItems} new organisations and topic entrants each; /momentum <project> shows a project's full evidence, /momentum discover <topic> a topic's projects.",
        Detail.Counts => "Shortened to fit one message: only the projects and counts of each section; /momentum <project> shows a project's spikes and organisations, /momentum discover <topic> a topic's projects.",
        Detail.Headlines => "Shortened to fit one message: only the top movers and the week's counts; /momentum <project> shows a project's spikes, organisations and drivers, /momentum discover <topic> a topic's projects.",
        _ => "",
    };

    /// <summary>One condensed weekly message for a watchlist, with its shorter tellings for platforms it does not fit.</summary>
    public static Reply Build(Subscription subscription, DateOnly lastCompleteWeek, IReadOnlyList<(string Argument, ProjectReport Report)> projects, IReadOnlyList<string> failures, IReadOnlyList<TopicEntrants>? topics = null)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(projects);
        topics ??= [];
        var week = lastCompleteWeek;
        var movers = projects.OrderByDescending(p => p.Report.Report.Momentum.Score).Where(p => p.Report.Report.Momentum.Score > 50).Take(3).ToList();
        var spikes = projects.SelectMany(p => p.Report.Report.Spikes.Where(s => s.WeekStart == week).Select(s => (p.Report.Project, Spike: s))).ToList();
        var cooling = projects.Where(p => p.Report.Report.Momentum.Trend == Trend.Cooling).ToList();
        var entrants = topics.SelectMany(t => t.Projects).Select(p => p.Repository).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var notes = new List<string>();
        var mostlyUnknown = projects.Where(p => p.Report.Report.DataQuality.UnknownAffiliationShare >= 0.5).Select(p => p.Report.Project).ToList();
        if (mostlyUnknown.Count > 0)
        {
            notes.Add($"Over half of active contributors have no known affiliation in: {string.Join(", ", mostlyUnknown)} (end-user shares there are lower bounds).");
        }

        if (spikes.Any(s => s.Spike.Organizations.Any(o => o.Unverified)))
        {
            notes.Add(SpikeEvidence.UnverifiedNote);
        }

        notes.AddRange(failures);
        notes.Add($"Sensitivity {subscription.Sensitivity.ToString().ToLowerInvariant()}{(subscription.Exclude.Count > 0 ? ", excluding " + string.Join(", ", subscription.Exclude) : "")}. {Count(projects.Count, "project")}.");
        var table = new ReplyTable(["project", "score", "trend", "active", "end-user"], projects
            .OrderByDescending(p => p.Report.Report.Momentum.Score)
            .Take(20)
            .Select(p => (IReadOnlyList<string>)[p.Report.Project, p.Report.Report.Momentum.Score.ToString(Invariant), p.Report.Report.Momentum.Trend.Name(), p.Report.Report.Window.ActiveContributors.ToString("N0", Invariant), Pct(p.Report.Report.Window.EndUserShare)])
            .ToArray());

        IReadOnlyList<ReplySection> Sections(Detail detail) => detail == Detail.Headlines
            ? [TopMovers(movers), new ReplySection("This week", [Headline(projects, spikes, cooling, topics)])]
            : [TopMovers(movers), NewOrganizations(projects, detail), Spikes(spikes, detail), Cooling(cooling, detail), .. Topics(topics, detail)];

        return new Reply
        {
            Title = $"Weekly summary: {subscription.Watchlist}",
            Subtitle = $"Week of {week.ToString("yyyy-MM-dd", Invariant)} · {Count(projects.Count, "project")}",
            Summary = $"{subscription.Watchlist} this week: {(movers.Count > 0 ? $"{movers[0].Report.Project} leads ({movers[0].Report.Report.Momentum.Score})" : "no project rising")}, {Count(spikes.Count, "end-user spike")}, {cooling.Count} cooling",
            InChannel = true,
            Sections = Sections(Detail.Full),
            Shorter = [.. Enum.GetValues<Detail>().Skip(1).Select(d => new ReplyShortening(Sections(d), [LeftOut(d), .. notes]))],
            Table = projects.Count > 0 ? table : null,
            Charts = projects.Count > 0 ? [ReportCharts.Summary(subscription.Watchlist, projects.Select(p => p.Report).ToArray())] : [],
            Notes = notes,
            // Teams shows five actions at most: beyond five entrants, four buttons and a menu with every entrant.
            Actions = entrants.Take(entrants.Count > MaxWatchButtons ? MaxWatchButtons - 1 : MaxWatchButtons).Select(r => new ReplyAction("watch", "Watch " + r, r)).ToList(),
            Choices = entrants.Count > MaxWatchButtons ? [new ReplyChoice("watch", "Watch…", entrants.Select(r => new ReplyOption(r, r)).ToList())] : [],
        };
    }

    private static ReplySection TopMovers(List<(string Argument, ProjectReport Report)> movers) => new("Top movers", movers.Count == 0
        ? ["Nobody is rising this week."]
        : movers.Select(p => $"• {p.Report.Project} {p.Report.Report.Momentum.Score} ▲ — {First(p.Report.Report.Momentum.Drivers)}").ToArray());

    private static ReplySection NewOrganizations(IReadOnlyList<(string Argument, ProjectReport Report)> projects, Detail detail)
    {
        var found = projects.Where(p => p.Report.Report.NewEndUserOrganizations.Count > 0).ToList();
        string[] lines = detail switch
        {
            Detail.Counts => found.Count == 0 ? [] : [string.Join(" · ", found.Select(p => $"{p.Report.Project} ({p.Report.Report.NewEndUserOrganizations.Count.ToString(Invariant)})"))],
            _ => found.Select(p => $"• {p.Report.Project}: {Listed(p.Report.Report.NewEndUserOrganizations, detail >= Detail.Brief ? BriefItems : 8)}").ToArray(),
        };
        return new ReplySection("New end-user organisations this week", lines.Length == 0 ? ["None."] : lines);
    }

    private static ReplySection Spikes(List<(string Project, Spike Spike)> spikes, Detail detail)
    {
        string[] lines = detail switch
        {
            Detail.Full => spikes.Select(s => $"• {s.Project}: {SpikeEvidence.Line(s.Spike)}").ToArray(),
            Detail.FirstOrganizations => spikes.Select(s => $"• {s.Project}: {SpikeEvidence.LineNaming(s.Spike, ShortOrganizations)}").ToArray(),
            Detail.Brief => spikes.Select(s => $"• {s.Project}: {SpikeEvidence.Brief(s.Spike, ShortOrganizations)}").ToArray(),
            _ => spikes.Count == 0 ? [] : [string.Join(" · ", spikes.Select(s => $"{s.Project} ({Count(s.Spike.EndUserContributors, "contributor")} from {Count(s.Spike.EndUserOrganizations, "organisation")})"))],
        };
        return new ReplySection("End-user spikes this week", lines.Length == 0 ? ["None."] : lines);
    }

    private static ReplySection Cooling(List<(string Argument, ProjectReport Report)> cooling, Detail detail)
    {
        string[] lines = detail switch
        {
            Detail.Counts => cooling.Count == 0 ? [] : [string.Join(" · ", cooling.Select(p => $"{p.Report.Project} {p.Report.Report.Momentum.Score} ▼"))],
            _ => cooling.Select(p => $"• {p.Report.Project} {p.Report.Report.Momentum.Score} ▼ — {First(p.Report.Report.Momentum.Drivers)}").ToArray(),
        };
        return new ReplySection("Cooling", lines.Length == 0 ? ["Nothing is cooling."] : lines);
    }

    private static IEnumerable<ReplySection> Topics(IReadOnlyList<TopicEntrants> topics, Detail detail)
    {
        if (detail == Detail.Counts)
        {
            if (topics.Count > 0)
            {
                yield return new ReplySection("New in followed topics", [string.Join(" · ", topics.Select(t => t.Problem is not null
                    ? $"topic:{t.Topic} (could not discover)"
                    : $"topic:{t.Topic} ({Count(t.Projects.Count, "new project")})"))]);
            }

            yield break;
        }

        foreach (var topic in topics)
        {
            var shown = detail >= Detail.Brief ? topic.Projects.Take(BriefItems).ToList() : topic.Projects;
            string[] lines = topic.Problem is { } problem
                ? [problem]
                : topic.Projects.Count == 0
                    ? ["Nothing crossed the discovery bar since the last summary."]
                    : shown.Select(p => $"• {p.Repository} — {p.Reason}{(p.Stage is { } stage ? $" · {stage.ToString().ToLowerInvariant()}" : "")} · {p.Stars.ToString("N0", Invariant)} stars (lagging)").ToArray();
            if (topic.Problem is null && topic.Projects.Count > shown.Count)
            {
                lines = [.. lines, $"• +{(topic.Projects.Count - shown.Count).ToString(Invariant)} more"];
            }

            yield return new ReplySection($"New in topic:{topic.Topic}", lines);
        }
    }

    private static string Headline(IReadOnlyList<(string Argument, ProjectReport Report)> projects, List<(string Project, Spike Spike)> spikes, List<(string Argument, ProjectReport Report)> cooling, IReadOnlyList<TopicEntrants> topics) =>
        $"{Count(spikes.Count, "end-user spike")}, {Count(projects.Count(p => p.Report.Report.NewEndUserOrganizations.Count > 0), "project")} with new end-user organisations, " +
        $"{cooling.Count.ToString(Invariant)} cooling, {Count(topics.Sum(t => t.Projects.Count), "new project")} in followed topics.";

    private static string Listed(IReadOnlyList<string> items, int max) =>
        string.Join(", ", items.Take(max)) + (items.Count > max ? $", +{(items.Count - max).ToString(Invariant)}" : "");

    private static string First(IReadOnlyList<string> drivers) => drivers.Count > 0 ? drivers[0] : "no change";
}
