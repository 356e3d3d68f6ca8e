using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary><c>/momentum who &lt;project&gt;</c>: the window's contributors by class and organisation, each with their affiliation's source.</summary>
public static class WhoCard
{
    public const int MaxOrganizations = 15;
    public const int MaxPeoplePerOrganization = 8;
    public const int MaxUnknown = 25;

    public const string SourceOrder = "Sources, first match wins: this workspace's override → CNCF gitdm → the commit's email domain → public membership of a GitHub organisation → the GitHub profile's company → the profile's public email domain.";

    public static string Name(this AffiliationSource source) => source switch
    {
        AffiliationSource.Override => "override",
        AffiliationSource.Gitdm => "gitdm",
        AffiliationSource.EmailDomain => "domain",
        AffiliationSource.GitHubOrganization => "GitHub org",
        AffiliationSource.ProfileCompany => "profile",
        AffiliationSource.ProfileEmail => "profile email",
        _ => "unknown",
    };

    public static string Name(this ContributorClass kind) => kind switch
    {
        ContributorClass.Vendor => "Vendor",
        ContributorClass.EndUser => "End-user",
        ContributorClass.Community => "Community (project, foundations, schools)",
        ContributorClass.Individual => "Individual",
        _ => "Unknown",
    };

    public static Reply Build(ProjectContributors contributors, string asked)
    {
        ArgumentNullException.ThrowIfNull(contributors);
        var report = contributors.Report;
        var window = report.Report.Window;
        var people = contributors.Contributors;
        var byClass = people.GroupBy(p => p.Class).ToDictionary(g => g.Key, g => g.ToList());
        int CountOf(ContributorClass c) => byClass.TryGetValue(c, out var list) ? list.Count : 0;
        var summary = $"{report.Project}: {Count(people.Count, "contributor")} in the {window.Weeks} weeks to {Date(window.End)} — "
            + $"{CountOf(ContributorClass.Vendor)} vendor, {CountOf(ContributorClass.EndUser)} end-user, {CountOf(ContributorClass.Community)} community, "
            + $"{CountOf(ContributorClass.Individual)} individual, {CountOf(ContributorClass.Unknown)} unknown";

        var sections = new List<ReplySection>();
        foreach (var kind in (ContributorClass[])[ContributorClass.Vendor, ContributorClass.EndUser, ContributorClass.Community, ContributorClass.Individual])
        {
            if (!byClass.TryGetValue(kind, out var members))
            {
                continue;
            }

            var organizations = members.GroupBy(p => p.Organization ?? "", StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Sum(p => p.Contributions)).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ToList();
            var lines = organizations.Take(MaxOrganizations).Select(Line).ToList();
            if (organizations.Count > MaxOrganizations)
            {
                lines.Add($"… and {Count(organizations.Count - MaxOrganizations, "more organisation")}");
            }

            sections.Add(new ReplySection($"{kind.Name()} ({members.Count})", lines));
        }

        if (byClass.TryGetValue(ContributorClass.Unknown, out var unknown))
        {
            var named = unknown.OrderByDescending(p => p.Contributions).ThenBy(p => p.Identity, StringComparer.Ordinal).Take(MaxUnknown).Select(p => $"{p.Identity} ({p.Contributions})");
            var more = unknown.Count > MaxUnknown ? $" … and {unknown.Count - MaxUnknown} more" : "";
            sections.Add(new ReplySection($"Unknown ({unknown.Count}), most active first", [string.Join(", ", named) + more]));
        }

        if (sections.Count == 0)
        {
            sections.Add(new ReplySection(null, ["Nobody contributed in the window."]));
        }

        return new Reply
        {
            Title = $"{report.Project} — who contributed",
            Subtitle = $"{asked} · last {window.Weeks} complete weeks, {Date(window.Start)} to {Date(window.End)} · each person in the class of their latest week",
            Summary = summary,
            Sections = sections,
            Notes =
            [
                SourceOrder + " \"unverified\": an organisation known only by one person's mail domain, or only by its people's own profile text.",
                "Fix one in this workspace: /momentum person <login|email> org <organisation> [from YYYY-MM-DD] [until YYYY-MM-DD]",
            ],
        };
    }

    private static string Line(IGrouping<string, ContributorAffiliation> organization)
    {
        var members = organization.OrderByDescending(p => p.Contributions).ThenBy(p => p.Identity, StringComparer.Ordinal).ToList();
        var names = string.Join(", ", members.Take(MaxPeoplePerOrganization).Select(p => $"{p.Identity} ({p.Source.Name()})"));
        var more = members.Count > MaxPeoplePerOrganization ? $" and {members.Count - MaxPeoplePerOrganization} more" : "";
        var unverified = members.Any(p => p.Unverified) ? " (unverified)" : "";
        var name = organization.Key.Length == 0 ? "—" : organization.Key;
        return $"• {name}{unverified} — {names}{more}";
    }
}
