using System.Globalization;

namespace Momentum.Engine;

/// <summary>Where a project stands in its life: see <see cref="StageRule"/> for the rule.</summary>
public enum Stage
{
    Niche,
    Breakout,
    Ecosystem,
}

/// <summary>The counts the stage rule read, over the last <see cref="Weeks"/> complete weeks (at most a year).</summary>
/// <param name="EndUserOrganizationsBefore">Null when the history does not cover the half-year before the last one.</param>
/// <param name="SustainedTeams">The companies with sustained teams, largest first, vendors marked by <see cref="SustainedVendorNames"/>.</param>
public sealed record StageEvidence(
    int Weeks,
    int Contributors,
    int UnaffiliatedContributors,
    int EndUserOrganizations,
    int? EndUserOrganizationsBefore,
    int NewEndUserOrganizations,
    int SustainedCompanies,
    int SustainedVendors,
    IReadOnlyList<string> SustainedTeams,
    IReadOnlyList<string> SustainedVendorNames);

/// <summary>A project's stage, the evidence in one line ("ecosystem: 14 companies with sustained teams, 4 of them vendors") and the counts behind it.</summary>
public sealed record ProjectStage(Stage Stage, string Evidence, StageEvidence Facts);

/// <summary>
/// The stage rule. Companies are organisations classed vendor or end-user (community, academia, individuals and
/// unknowns are not companies). A company has a <b>sustained team</b> when at least 3 of its people contributed within
/// the last year and its contributions span at least 26 weeks of it: a team kept on the project, not a drive-by.
/// <list type="bullet">
/// <item><b>ecosystem</b>: at least 4 companies keep sustained teams and at least 2 of them are vendors — more than one
/// company builds a business on the project, so value has moved to the ecosystem around it; or at least 10 companies
/// keep sustained teams whatever the vendor list says (so many that the project is infrastructure).</item>
/// <item><b>breakout</b>: not an ecosystem, but end-user pull is broad and rising — at least 5 end-user organisations in the
/// last 26 weeks, at least a quarter and at least 3 more than in the 26 before (or, without that half-year of history,
/// at least 3 of them new) — or at least 3 companies keep sustained teams (more than the founding vendor stays).</item>
/// <item><b>niche</b>: everything else: a specialised project carried by a few companies.</item>
/// </list>
/// </summary>
public static class StageRule
{
    public const int LookbackWeeks = 52;
    public const int HalfWeeks = 26;
    public const int SustainedPeople = 3;
    public const int SustainedSpanWeeks = 26;
    public const int EcosystemVendors = 2;
    public const int EcosystemCompanies = 4;
    public const int EcosystemCompaniesWithoutVendors = 10;
    public const int BreakoutEndUserOrganizations = 5;
    public const double BreakoutGrowth = 1.25;
    public const int BreakoutMoreOrganizations = 3;
    public const int BreakoutNewOrganizations = 3;
    public const int BreakoutSustainedCompanies = 3;

    public static ProjectStage Decide(StageEvidence facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var inv = CultureInfo.InvariantCulture;
        var teams = facts.SustainedCompanies == 1 ? "1 company with a sustained team" : string.Create(inv, $"{facts.SustainedCompanies} companies with sustained teams");
        var vendors = (facts.SustainedCompanies, facts.SustainedVendors) switch
        {
            (1, 1) => "a vendor",
            (_, 1) => "1 of them a vendor",
            var (_, n) => string.Create(inv, $"{n} of them vendors"),
        };
        var teamsAndVendors = facts.SustainedVendors > 0 ? $"{teams}, {vendors}" : teams;
        var orgs = string.Create(inv, $"{facts.EndUserOrganizations} end-user {(facts.EndUserOrganizations == 1 ? "organisation" : "organisations")} in 26 wk");
        var growth = facts.EndUserOrganizationsBefore is { } before
            ? string.Create(inv, $" ({Change(facts.EndUserOrganizations, before)} on the 26 before, {facts.NewEndUserOrganizations} new)")
            : string.Create(inv, $" ({facts.NewEndUserOrganizations} new)");
        var shortHistory = facts.Weeks < LookbackWeeks ? string.Create(inv, $" · {facts.Weeks} wk of history") : "";
        if (facts.Contributors > 0 && facts.UnaffiliatedContributors * 2 >= facts.Contributors)
        {
            shortHistory += string.Create(inv, $" · {Math.Round(100.0 * facts.UnaffiliatedContributors / facts.Contributors):0}% unaffiliated, so counts are lower bounds");
        }

        if ((facts.SustainedVendors >= EcosystemVendors && facts.SustainedCompanies >= EcosystemCompanies)
            || facts.SustainedCompanies >= EcosystemCompaniesWithoutVendors)
        {
            return new ProjectStage(Stage.Ecosystem, $"ecosystem: {teams}, {vendors}{shortHistory}", facts);
        }

        if (RisingPull(facts) || facts.SustainedCompanies >= BreakoutSustainedCompanies)
        {
            return new ProjectStage(Stage.Breakout, $"breakout: {orgs}{growth}, {teamsAndVendors}{shortHistory}", facts);
        }

        return new ProjectStage(Stage.Niche, string.Create(inv, $"niche: {orgs}{growth}, {teamsAndVendors}, {facts.Contributors:N0} contributors{shortHistory}"), facts);
    }

    private static bool RisingPull(StageEvidence facts) =>
        facts.EndUserOrganizations >= BreakoutEndUserOrganizations
        && (facts.EndUserOrganizationsBefore is { } before
            ? facts.EndUserOrganizations >= BreakoutGrowth * before && facts.EndUserOrganizations - before >= BreakoutMoreOrganizations
            : facts.NewEndUserOrganizations >= BreakoutNewOrganizations);

    private static string Change(int now, int before)
    {
        if (before == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{now} vs none");
        }

        var change = (now - before) / (double)before;
        return string.Create(CultureInfo.InvariantCulture, $"{(change >= 0 ? "+" : "−")}{Math.Abs(change) * 100:0}%");
    }
}
