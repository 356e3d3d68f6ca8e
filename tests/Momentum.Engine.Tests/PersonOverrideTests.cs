namespace Momentum.Engine.Tests;

/// <summary>Person overrides set in chat: source 1, dated, before gitdm, the email domain and the profile.</summary>
public sealed class PersonOverrideTests
{
    private static readonly Organization Upbound = new("Upbound", ["upbound.io"], ["Upbound Inc"]);

    private static ClassificationContext Context(DatedAffiliations people, DatedAffiliations? dated = null) =>
        new(new AffiliationResolver([Upbound]), new VendorSet([Upbound]), dated: dated, people: people);

    private static DatedAffiliations One(string identity, params DatedAffiliation[] lines)
    {
        var people = new DatedAffiliations();
        if (identity.Contains('@', StringComparison.Ordinal))
        {
            people.Add("", [identity], lines);
        }
        else
        {
            people.Add(identity, [], lines);
        }

        return people;
    }

    private static WeekMetrics WeekAgo(MomentumReport report, int weeksAgo) => report.Weeks[^(weeksAgo + 1)];

    [Fact]
    public void APersonOverrideBeatsGitdmTheEmailDomainAndTheProfile()
    {
        var gitdm = new DatedAffiliations();
        gitdm.Add("ana", [], [new DatedAffiliation("Globex", null, null)]);
        var report = new History().Commit("ana", "acme.com", 1).Report(Context(One("ana", new DatedAffiliation("upbound inc", null, null)), gitdm));

        Assert.Equal(1, WeekAgo(report, 1).VendorContributors);
        Assert.Equal(0, WeekAgo(report, 1).EndUserContributors);
    }

    [Fact]
    public void ADatedOverrideAppliesOnlyInItsDatesAndOtherWeeksFallThrough()
    {
        var from = History.CurrentWeek.Plus(-2).Start;
        var until = History.CurrentWeek.Plus(-1).Start;
        var report = new History().Commit("ana", "acme.com", 3).Commit("ana", "acme.com", 2).Commit("ana", "acme.com", 1)
            .Report(Context(One("ana", new DatedAffiliation("Upbound", from, until))));

        Assert.Equal(1, WeekAgo(report, 3).EndUserContributors);
        Assert.Equal(1, WeekAgo(report, 2).VendorContributors);
        Assert.Equal(1, WeekAgo(report, 1).EndUserContributors);
    }

    [Fact]
    public void AnEmailIdentityIsOverriddenByItsAddressAndIndependentIsAnIndividual()
    {
        var report = new History().Commit("ana@home.example.org", null, 1)
            .Report(Context(One("ana@home.example.org", new DatedAffiliation(OrganizationNames.Independent, null, null))));

        Assert.Equal(1, WeekAgo(report, 1).IndividualContributors);
    }
}
