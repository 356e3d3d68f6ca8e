namespace Momentum.Engine.Tests;

/// <summary>Dated affiliations (gitdm): second only to an override, before the email domain and the profile, per week.</summary>
public sealed class DatedAffiliationTests
{
    private static readonly Organization Upbound = new("Upbound", ["upbound.io"]);

    private static ClassificationContext Context(DatedAffiliations dated, IReadOnlyDictionary<string, string>? overrides = null, IReadOnlyDictionary<string, ProfileFacts>? profiles = null) =>
        new(new AffiliationResolver([Upbound]), new VendorSet([Upbound]), overrides, profiles, dated: dated);

    private static DatedAffiliations One(string login, params DatedAffiliation[] lines)
    {
        var dated = new DatedAffiliations();
        dated.Add(login, [], lines);
        return dated;
    }

    private static WeekMetrics WeekAgo(MomentumReport report, int weeksAgo) => report.Weeks[^(weeksAgo + 1)];

    [Fact]
    public void ACompanyNamedInTheFileMatchesItsVendorAfterNormalisationAndBeatsTheEmailDomain()
    {
        var report = new History().Commit("ana", "acme.com", 1).Report(Context(One("ana", new DatedAffiliation("Upbound Inc.", null, null))));

        Assert.Equal(1, WeekAgo(report, 1).VendorContributors);
        Assert.Equal(0, WeekAgo(report, 1).EndUserContributors);
    }

    [Fact]
    public void EachWeekTakesTheLineCoveringItAndAnUncoveredWeekFallsThroughToTheEmailDomain()
    {
        var change = History.CurrentWeek.Plus(-2).Start;
        var dated = One("ana", new DatedAffiliation("Upbound", change, null));
        var report = new History().Commit("ana", "acme.com", 3).Commit("ana", "acme.com", 2).Commit("ana", "acme.com", 1).Report(Context(dated));

        Assert.Equal(1, WeekAgo(report, 3).EndUserContributors);
        Assert.Equal(1, WeekAgo(report, 2).VendorContributors);
        Assert.Equal(1, WeekAgo(report, 1).VendorContributors);
    }

    [Fact]
    public void UntilIsExclusive()
    {
        var end = History.CurrentWeek.Plus(-1).Start;
        var report = new History().Commit("ana", null, 2).Commit("ana", null, 1).Report(Context(One("ana", new DatedAffiliation("Upbound", null, end))));

        Assert.Equal(1, WeekAgo(report, 2).VendorContributors);
        Assert.Equal(1, WeekAgo(report, 1).UnknownContributors);
    }

    [Fact]
    public void IndependentIsAKnownIndividualAndNotFoundFallsThroughToTheProfile()
    {
        var dated = new DatedAffiliations();
        dated.Add("ivy", [], [new DatedAffiliation(OrganizationNames.Independent, null, null)]);
        dated.Add("nat", [], [new DatedAffiliation(null, null, null)]);
        var profiles = new Dictionary<string, ProfileFacts> { ["nat"] = new("Globex", false) };
        var report = new History().Commit("ivy", "acme.com", 1).Commit("nat", null, 1).Report(Context(dated, profiles: profiles));

        Assert.Equal(1, WeekAgo(report, 1).IndividualContributors);
        Assert.Equal(1, WeekAgo(report, 1).EndUserContributors);
    }

    [Fact]
    public void AnOverrideBeatsTheFile()
    {
        var report = new History().Commit("ana", null, 1)
            .Report(Context(One("ana", new DatedAffiliation("Upbound", null, null)), overrides: new Dictionary<string, string> { ["ana"] = "Globex" }));

        Assert.Equal(1, WeekAgo(report, 1).EndUserContributors);
    }

    [Fact]
    public void AnIdentityWithoutALoginMatchesByAnEmailOfTheEntry()
    {
        var dated = new DatedAffiliations();
        dated.Add("ana", ["ana@home.example.org"], [new DatedAffiliation("Upbound", null, null)]);
        var report = new History().Commit("ana@home.example.org", null, 1).Report(Context(dated));

        Assert.Equal(1, WeekAgo(report, 1).VendorContributors);
    }
}
