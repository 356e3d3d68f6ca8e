namespace Momentum.Engine.Tests;

/// <summary>Community and individual classes: the project itself, foundations, schools and people on their own are known, never end-users.</summary>
public sealed class HonestOrganizationTests
{
    private static readonly Organization Isovalent = new("Isovalent", ["isovalent.com"]);

    private static ClassificationContext Cilium(IReadOnlyDictionary<string, ProfileFacts>? profiles = null, IEnumerable<Organization>? known = null) =>
        new(
            new AffiliationResolver((known ?? []).Append(Isovalent)),
            new VendorSet([Isovalent]),
            profiles: profiles,
            community: new ProjectCommunity(["cilium.io"], ["cilium"]));

    private static WeekMetrics LastWeek(MomentumReport report) => report.Weeks[^2];

    [Fact]
    public void TheFiveClassesAddUpToContributorsEveryWeekAndInTheWindow()
    {
        var profiles = new Dictionary<string, ProfileFacts>
        {
            ["freya"] = new("Freelance", false),
            ["nobody"] = new("n/a", false),
        };
        var report = new History()
            .Commit("vera", "isovalent.com", 1)
            .Commit("eli", "acme.com", 1)
            .Commit("cora", "cilium.io", 1)
            .Commit("fred", "cncf.io", 1)
            .Commit("ivy", "globex-codes.dev", 1)
            .Commit("freya", null, 1)
            .Commit("nobody", null, 1)
            .Report(Cilium(profiles, [new Organization("CNCF", ["cncf.io"], Kind: OrganizationKind.Foundation)]));

        var week = LastWeek(report);
        Assert.Equal(1, week.VendorContributors);
        Assert.Equal(2, week.EndUserContributors);
        Assert.Equal(2, week.CommunityContributors);
        Assert.Equal(1, week.IndividualContributors);
        Assert.Equal(1, week.UnknownContributors);
        Assert.Equal(week.Contributors, week.VendorContributors + week.EndUserContributors + week.CommunityContributors + week.IndividualContributors + week.UnknownContributors);

        var window = report.Window;
        Assert.Equal(window.ActiveContributors, window.VendorContributors + window.EndUserContributors + window.CommunityContributors + window.IndividualContributors + window.UnknownContributors);
        Assert.Equal(Math.Round(2.0 / 7, 4), window.CommunityShare);
        Assert.Equal(Math.Round(1.0 / 7, 4), window.IndividualShare);
        Assert.DoesNotContain(window.TopEndUserOrganizations, o => o.Name is "cilium.io" or "CNCF" or "Independent");
    }

    [Theory]
    [InlineData("cilium.io")]
    [InlineData("docs.cilium.io")]
    [InlineData("cri.epita.fr")]
    [InlineData("konkuk.ac.kr")]
    [InlineData("mit.edu")]
    [InlineData("sjtu.edu.cn")]
    [InlineData("edu.dsti.institute")]
    [InlineData("uni-stuttgart.de")]
    public void TheProjectsOwnDomainsAndSchoolsAreCommunityNotEndUsers(string domain)
    {
        var report = new History().Commit("ana", domain, 1).Report(Cilium(known: [new Organization("EPITA", ["epita.fr"], Kind: OrganizationKind.Academia)]));

        Assert.Equal(1, LastWeek(report).CommunityContributors);
        Assert.Equal(0, LastWeek(report).EndUserContributors);
    }

    [Fact]
    public void AProfileNamingTheProjectsGitHubOrganisationOrAUniversityIsCommunity()
    {
        var profiles = new Dictionary<string, ProfileFacts>
        {
            ["ana"] = new("@cilium", false),
            ["bo"] = new("Stanford University", false),
        };
        var report = new History().Commit("ana", null, 1).Commit("bo", null, 1).Report(Cilium(profiles));

        Assert.Equal(2, LastWeek(report).CommunityContributors);
    }

    [Fact]
    public void AVendorIsAVendorEvenWhereCommunityRulesWouldMatch()
    {
        var report = new History().Commit("ana", "isovalent.com", 1).Report(new ClassificationContext(
            new AffiliationResolver([Isovalent]), new VendorSet([Isovalent]), community: new ProjectCommunity([], ["isovalent"])));

        Assert.Equal(1, LastWeek(report).VendorContributors);
    }

    [Theory]
    [InlineData("janedoe", "janedoe.dev", null)]
    [InlineData("jd", "janedoe.dev", "Jane Doe")]
    [InlineData("jane@janedoe.dev", "janedoe.dev", null)]
    [InlineData("kat", "mail.katsmith.co.uk", null)]
    [InlineData("someone", "someone.github.io", null)]
    [InlineData("x1", "x1.name", null)]
    public void ADomainThatSpellsItsOwnerIsAPersonalDomainAndItsOwnerAnIndividual(string identity, string domain, string? name)
    {
        var profiles = name is null ? null : new Dictionary<string, ProfileFacts> { [identity] = new(null, false, name) };
        var report = new History().Commit(identity, domain, 1).Report(Cilium(profiles));

        Assert.Equal(1, LastWeek(report).IndividualContributors);
        Assert.Equal(0, report.Window.EndUserOrganizations);
    }

    [Theory]
    [InlineData("ana", "globex.com")]
    [InlineData("info@infoblox.com", "infoblox.com")]
    [InlineData("bob@bobsled.io", "bobsled.io")]
    public void ASingleIdentityDomainThatDoesNotSpellItsOwnerStaysAnOrganisation(string identity, string domain)
    {
        var report = new History().Commit(identity, domain, 1).Report(Cilium());

        Assert.Equal(1, LastWeek(report).EndUserContributors);
        Assert.Equal(0, LastWeek(report).IndividualContributors);
    }

    [Fact]
    public void AMappedDomainIsNeverPersonalEvenWhenItContainsTheLogin()
    {
        var report = new History().Commit("isovalent-ana", "isovalent.com", 1).Report(Cilium());

        Assert.Equal(1, LastWeek(report).VendorContributors);
    }

    [Fact]
    public void APersonWhoChangesClassInTheWindowCountsOnceInTheClassOfTheirLatestWeek()
    {
        var report = new History()
            .Commit("ana", "acme.com", 3)
            .Commit("ana", "cilium.io", 1)
            .Report(Cilium());

        Assert.Equal(1, report.Window.ActiveContributors);
        Assert.Equal(1, report.Window.CommunityContributors);
        Assert.Equal(0, report.Window.EndUserContributors);
    }

    [Fact]
    public void IndividualsDoNotMakeAnOrganisationOfTheElephantFactor()
    {
        var profiles = new Dictionary<string, ProfileFacts> { ["a"] = new("Independent", false), ["b"] = new("self-employed", false) };
        var report = new History().Commit("a", null, 1, times: 10).Commit("b", null, 1, times: 10).Commit("c", "acme.com", 1).Report(Cilium(profiles));

        Assert.Equal(2, report.Window.IndividualContributors);
        Assert.Equal(1, report.Window.ElephantFactor);
    }
}
