using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary><c>/momentum org &lt;organisation&gt;</c>: where its people contribute across what the workspace tracks.</summary>
public static class OrganizationCard
{
    public const int MaxRows = 25;
    public const int MaxNamed = 8;

    public static Reply Build(OrganizationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var org = view.Organization;
        if (view.ProjectsTracked == 0)
        {
            return Reply.Text(
                $"{org}: nothing tracked here yet",
                "This answers across the projects in this workspace's watchlists, and there are none.",
                "Add some with `watchlist create <name>` and `watchlist add <name> <project…>`, then ask again.");
        }

        var subtitle = $"Across {Count(view.ProjectsTracked, "tracked project")} · last 52 weeks · quarter since {Date(view.QuarterStart)}";
        if (view.Projects.Count == 0)
        {
            var nobody = $"Nobody known to work at {org} contributed to the {Count(view.ProjectsTracked, "tracked project")} in the last year.";
            return new Reply
            {
                Title = $"{org}: no contributions found",
                Subtitle = subtitle,
                Summary = nobody,
                Sections = [new ReplySection(null, [nobody, "Organisations are matched by name, catalog alias or email domain (`org spotify.com`)."])],
                Notes = Notes(view),
            };
        }

        var people = view.Projects.Sum(p => p.Contributors);
        var started = view.Projects.Where(p => p.StartedThisQuarter).ToArray();
        var joined = view.Projects.Where(p => !p.StartedThisQuarter && p.NewContributors > 0).ToArray();
        var sections = new List<ReplySection>();
        if (started.Length > 0)
        {
            sections.Add(new ReplySection("Began contributing in the last quarter", started.Select(p => "• " + Began(org, p)).ToArray()));
        }

        if (joined.Length > 0)
        {
            sections.Add(new ReplySection("New people on projects it already contributed to", joined.Select(p => "• " + Joined(org, p, view.QuarterStart)).ToArray()));
        }

        var rows = view.Projects.Take(MaxRows).Select(p => (IReadOnlyList<string>)
        [
            p.Project,
            p.Class,
            p.Contributors.ToString("N0", Invariant),
            $"{p.RecentContributors.ToString(Invariant)} vs {p.PreviousContributors.ToString(Invariant)} ({p.Trend})",
            Date(p.FirstWeek),
        ]).ToArray();
        var summary = $"{org}: {Count(people, "person", "people")} on {view.Projects.Count} of {Count(view.ProjectsTracked, "tracked project")}"
            + (started.Length > 0 ? "; " + Began(org, started[0]) : "");
        return new Reply
        {
            Title = $"{org} across this workspace's projects",
            Subtitle = subtitle,
            Summary = summary,
            Facts =
            [
                new("Projects", $"{view.Projects.Count} of {view.ProjectsTracked}"),
                new("People (52 wk, per project, summed)", people.ToString("N0", Invariant)),
                new("Started in the last quarter", started.Length == 0 ? "none" : string.Join(", ", started.Select(p => p.Project))),
            ],
            Table = new ReplyTable(["Project", "Class", "People (52 wk)", "Last 13 wk vs 13 before", "Since"], rows),
            Sections = sections,
            Notes = [.. Notes(view), .. view.Projects.Count > MaxRows ? [$"{view.Projects.Count - MaxRows} more projects not shown."] : Array.Empty<string>()],
        };
    }

    /// <summary>"3 Spotify people began contributing to crossplane in October 2026: sam, sue (1 more by email only)".</summary>
    public static string Began(string organization, OrganizationOnProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var when = project.FirstWeek.ToString("MMMM yyyy", Invariant);
        return $"{Count(project.NewContributors, $"{organization} person", $"{organization} people")} began contributing to {project.Project} in {when}{Named(project)}";
    }

    private static string Joined(string organization, OrganizationOnProject project, DateOnly since) =>
        $"{Count(project.NewContributors, $"more {organization} person", $"more {organization} people")} on {project.Project} since {Date(since)}{Named(project)}";

    private static string Named(OrganizationOnProject project)
    {
        var named = project.NewMembers.Take(MaxNamed).ToArray();
        var unnamed = project.NewContributors - project.NewMembers.Count;
        var more = project.NewMembers.Count - named.Length;
        var text = named.Length == 0 ? "" : ": " + string.Join(", ", named) + (more > 0 ? $" and {more} more" : "");
        return unnamed > 0 ? $"{text} ({unnamed} more by email only)" : text;
    }

    private static string[] Notes(OrganizationView view) =>
    [
        "Counts and public GitHub logins only; people known only by an email address are counted, never named.",
        .. view.NotScanned.Count > 0 ? [$"Not scanned yet, so not counted: {string.Join(", ", view.NotScanned.Take(10))}{(view.NotScanned.Count > 10 ? ", …" : "")}."] : Array.Empty<string>(),
    ];
}
