namespace Momentum.Engine.Tests;

/// <summary>
/// The profile's two further sources: public membership of a GitHub organisation (after the commit's email domain,
/// before the profile company) and the profile's public email domain (after the company, before unknown).
/// </summary>
public sealed class ProfileSourceTests
{
    private static readonly Organization Isovalent = new("Isovalent", ["isovalent.com"]) { GitHubOrganizations = ["isovalent"] };
    private static readonly Organization Datadog = new("Datadog", ["datadoghq.com"]) { GitHubOrganizations = ["DataDog"] };
    private static readonly Organization Cncf = new("CNCF", ["cncf.io"], Kind: OrganizationKind.Foundation) { GitHubOrganizations = ["cncf"] };

    private static Dictionary<string, ContributorAffiliation> Who(History history, Dictionary<string, ProfileFacts> profiles, DatedAffiliations? gitdm = null)
    {
        var context = new ClassificationContext(
            new AffiliationResolver([Isovalent, Datadog, Cncf], ["gmail.com"]),
            new VendorSet([Isovalent]),
            profiles: profiles,
            community: new ProjectCommunity(["cilium.io"], ["cilium"]),
            dated: gitdm);
        return ContributorList.Compute(history.Ledger(), context, History.AsOf).ToDictionary(c => c.Identity);
    }

    private static ProfileFacts Member(params string[] organizations) => new(null, false) { Organizations = organizations };

    [Fact]
    public void APublicMemberOfACatalogOrganisationsGitHubOrganisationIsAffiliatedToIt()
    {
        var who = Who(new History().Commit("ana", null, 1).Commit("dan", null, 1).Commit("zed", null, 1),
            new() { ["ana"] = Member("isovalent"), ["dan"] = Member("datadog", "some-hobby-org"), ["zed"] = Member("some-hobby-org") });

        Assert.Equal((ContributorClass.Vendor, "Isovalent", AffiliationSource.GitHubOrganization), (who["ana"].Class, who["ana"].Organization, who["ana"].Source));
        Assert.Equal((ContributorClass.EndUser, "Datadog", AffiliationSource.GitHubOrganization), (who["dan"].Class, who["dan"].Organization, who["dan"].Source));
        Assert.Equal((ContributorClass.Unknown, AffiliationSource.None), (who["zed"].Class, who["zed"].Source));
        Assert.False(who["dan"].Unverified);
    }

    [Fact]
    public void TheProjectsOwnOrganisationIsCommunityAndACompanyMembershipWinsOverIt()
    {
        var who = Who(new History().Commit("max", null, 1).Commit("ana", null, 1).Commit("fay", null, 1).Commit("dan", null, 1),
            new() { ["max"] = Member("cilium"), ["ana"] = Member("cilium", "isovalent"), ["fay"] = Member("cilium", "cncf"), ["dan"] = Member("cncf", "DataDog") });

        Assert.Equal((ContributorClass.Community, "cilium"), (who["max"].Class, who["max"].Organization));
        Assert.Equal("Isovalent", who["ana"].Organization);
        Assert.Equal((ContributorClass.Community, "CNCF"), (who["fay"].Class, who["fay"].Organization));
        Assert.Equal("Datadog", who["dan"].Organization);
    }

    [Fact]
    public void MembershipComesAfterGitdmAndTheCommitDomainAndBeforeTheProfileCompany()
    {
        var gitdm = new DatedAffiliations();
        gitdm.Add("gus", [], [new DatedAffiliation("Globex", null, null)]);
        var who = Who(new History().Commit("gus", null, 1).Commit("dom", "initech.com", 1).Commit("pia", null, 1),
            new()
            {
                ["gus"] = Member("datadog"),
                ["dom"] = Member("datadog"),
                ["pia"] = new ProfileFacts("Hooli", false) { Organizations = ["DataDog"] },
            },
            gitdm);

        Assert.Equal(("Globex", AffiliationSource.Gitdm), (who["gus"].Organization, who["gus"].Source));
        Assert.Equal(("initech.com", AffiliationSource.EmailDomain), (who["dom"].Organization, who["dom"].Source));
        Assert.Equal(("Datadog", AffiliationSource.GitHubOrganization), (who["pia"].Organization, who["pia"].Source));
    }

    [Fact]
    public void ThePublicEmailDomainComesLastWithTheCommitEmailRules()
    {
        var history = new History().Commit("cy", null, 1).Commit("jo", null, 1).Commit("kim", null, 1).Commit("lee", null, 1).Commit("mo", null, 1);
        var who = Who(history, new()
        {
            ["cy"] = new ProfileFacts("Initech", false) { Email = "cy@hooli.com" },
            ["jo"] = new ProfileFacts(null, false) { Email = "jo@Hooli.com" },
            ["kim"] = new ProfileFacts(null, false) { Email = "kim@gmail.com" },
            ["lee"] = new ProfileFacts(null, false, "Lee Marvinson") { Email = "hi@marvinson.dev" },
            ["mo"] = new ProfileFacts(null, false) { Email = "mo@datadoghq.com" },
        });

        Assert.Equal(("Initech", AffiliationSource.ProfileCompany), (who["cy"].Organization, who["cy"].Source));
        Assert.Equal((ContributorClass.EndUser, "hooli.com", AffiliationSource.ProfileEmail), (who["jo"].Class, who["jo"].Organization, who["jo"].Source));
        Assert.Equal((ContributorClass.Unknown, AffiliationSource.None), (who["kim"].Class, who["kim"].Source));
        Assert.Equal((ContributorClass.Individual, AffiliationSource.ProfileEmail), (who["lee"].Class, who["lee"].Source));
        Assert.Equal(("Datadog", AffiliationSource.ProfileEmail), (who["mo"].Organization, who["mo"].Source));
    }

    [Fact]
    public void AnOrganisationRestingOnlyOnProfileCompanyTextIsUnverified()
    {
        var who = Who(new History().Commit("cy", null, 1).Commit("dan", null, 1), new() { ["cy"] = new ProfileFacts("Initech", false), ["dan"] = Member("DataDog") });

        Assert.True(who["cy"].Unverified);
        Assert.False(who["dan"].Unverified);
    }
}
