using Momentum.Bot.Catalog;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>An organisation on one project: its people over the last year and whether it began there in the last quarter.</summary>
/// <param name="NewMembers">Public logins whose first contribution for the organisation falls in the last quarter.</param>
public sealed record OrganizationOnProject(
    string Project,
    IReadOnlyList<string> Repositories,
    string Class,
    int Contributors,
    int RecentContributors,
    int PreviousContributors,
    string Trend,
    DateOnly FirstWeek,
    DateOnly LastWeek,
    bool StartedThisQuarter,
    int NewContributors,
    IReadOnlyList<string> NewMembers,
    IReadOnlyList<string> Members);

/// <summary>Where an organisation's people contribute across a set of projects (a workspace's watchlists, or those named).</summary>
/// <param name="NotScanned">Tracked projects with no stored data yet (nothing to say about them).</param>
public sealed record OrganizationView(
    string Organization,
    int ProjectsTracked,
    DateOnly QuarterStart,
    IReadOnlyList<OrganizationOnProject> Projects,
    IReadOnlyList<string> NotScanned);

/// <summary>
/// Reads stored reports (never scans: this answers across many projects) and picks out one organisation's presence.
/// Counts and public logins only: people known only by an email address are counted, never named.
/// </summary>
public sealed class OrganizationLens(ReportService reports, ProjectCatalog catalog, WatchlistStore watchlists, ProjectResolver resolver)
{
    public const int QuarterWeeks = 13;
    public const int MaxProjects = 200;

    /// <summary>Every project in the workspace's watchlists, once each, resolved as the workspace resolves names.</summary>
    public async Task<IReadOnlyList<Project>> TrackedAsync(string workspace)
    {
        var names = (await watchlists.AllAsync(workspace)).SelectMany(w => w.Projects).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxProjects);
        var projects = new List<Project>();
        foreach (var name in names)
        {
            if (await resolver.ResolveAsync(workspace, name) is { } project && !projects.Exists(p => p.Name == project.Name))
            {
                projects.Add(project);
            }
        }

        return projects;
    }

    public async Task<OrganizationView> LookAsync(string organization, IReadOnlyList<Project> projects, string? workspace, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(projects);
        var resolver = new AffiliationResolver(catalog.Organizations);
        var wanted = new HashSet<string>(StringComparer.Ordinal) { OrganizationNames.Key(organization), OrganizationNames.Key(resolver.CanonicalName(organization)) };
        if (resolver.OrganizationOfCompany(organization) is { } company)
        {
            wanted.Add(OrganizationNames.Key(company));
        }

        if (DomainNames.IsValid(organization.Trim()) && resolver.OrganizationOfDomain(organization.Trim().ToLowerInvariant()) is { } byDomain)
        {
            wanted.Add(OrganizationNames.Key(byDomain));
        }

        var quarterStart = Week.Of(now).Plus(-QuarterWeeks).Start;
        var found = new List<OrganizationOnProject>();
        var notScanned = new List<string>();
        string? name = null;
        foreach (var project in projects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = (await reports.GetAsync(project, new ReportRequest { Workspace = workspace, Scan = ScanPolicy.Never }, cancellationToken)).Report;
            if (report.DataAsOf is null)
            {
                notScanned.Add(project.Name);
                continue;
            }

            var presence = report.Report.Organizations.FirstOrDefault(o => wanted.Contains(OrganizationNames.Key(o.Name)));
            if (presence is null)
            {
                continue;
            }

            name ??= presence.Name;
            var started = presence.FirstWeek >= quarterStart;
            var newMembers = presence.Members.Where(m => m.FirstWeek >= quarterStart).Select(m => m.Login).Order(StringComparer.Ordinal).ToArray();
            found.Add(new OrganizationOnProject(
                project.Name,
                report.Repositories,
                ClassName(presence.Class),
                presence.Contributors,
                presence.RecentContributors,
                presence.PreviousContributors,
                presence.RecentContributors > presence.PreviousContributors ? "rising" : presence.RecentContributors < presence.PreviousContributors ? "cooling" : "steady",
                presence.FirstWeek,
                presence.LastWeek,
                started,
                presence.NewContributors,
                newMembers,
                presence.Members.Select(m => m.Login).Order(StringComparer.Ordinal).ToArray()));
        }

        var ordered = found.OrderByDescending(p => p.StartedThisQuarter).ThenByDescending(p => p.Contributors).ThenBy(p => p.Project, StringComparer.Ordinal).ToArray();
        return new OrganizationView(name ?? resolver.CanonicalName(organization), projects.Count, quarterStart, ordered, notScanned);
    }

    private static string ClassName(ContributorClass value) => value switch
    {
        ContributorClass.Vendor => "vendor",
        ContributorClass.EndUser => "end-user",
        ContributorClass.Unknown => "unknown",
        var other => other.ToString().ToLowerInvariant(),
    };
}
