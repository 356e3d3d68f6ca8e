namespace Momentum.Engine.Tests;

/// <summary>The window's contributors with their class, organisation and the source that said so (what <c>who</c> shows).</summary>
public sealed class ContributorListTests
{
    private static readonly Organization Isovalent = new("Isovalent", ["isovalent.com"]);

    [Fact]
    public void EachContributorCarriesTheSourceOfTheirAffiliation()
    {
        var gitdm = new DatedAffiliations();
        gitdm.Add("gus", [], [new DatedAffiliation("Isovalent", null, null)]);
        var people = new DatedAffiliations();
        people.Add("ola", [], [new DatedAffiliation("Globex", null, null)]);
        var profiles = new Dictionary<string, ProfileFacts> { ["pia"] = new("Initech Inc.", false) };
        var context = new ClassificationContext(new AffiliationResolver([Isovalent]), new VendorSet([Isovalent]), profiles: profiles, dated: gitdm, people: people);
        var ledger = new History().Commit("gus", null, 1).Commit("ola", "acme.io", 1).Commit("dom", "isovalent.com", 2)
            .Commit("pia", null, 1).Commit("uno", null, 1, times: 3).Commit("old", "acme.io", 9).Ledger();

        var list = ContributorList.Compute(ledger, context, History.AsOf).ToDictionary(c => c.Identity);

        Assert.Equal((ContributorClass.Vendor, "Isovalent", AffiliationSource.Gitdm), (list["gus"].Class, list["gus"].Organization, list["gus"].Source));
        Assert.Equal((ContributorClass.EndUser, "Globex", AffiliationSource.Override), (list["ola"].Class, list["ola"].Organization, list["ola"].Source));
        Assert.Equal((ContributorClass.Vendor, AffiliationSource.EmailDomain), (list["dom"].Class, list["dom"].Source));
        Assert.Equal(("Initech", AffiliationSource.ProfileCompany), (list["pia"].Organization, list["pia"].Source));
        Assert.Equal((ContributorClass.Unknown, AffiliationSource.None, 3), (list["uno"].Class, list["uno"].Source, list["uno"].Contributions));
        Assert.DoesNotContain("old", list.Keys);
    }

    [Fact]
    public void AnOrganisationKnownOnlyByTheDomainOfOnePersonIsUnverified()
    {
        var ledger = new History().Commit("ann", "widgetworks.com", 1).Commit("ben", "gadgetworks.com", 1).Commit("cat", "gadgetworks.com", 1).Commit("dom", "isovalent.com", 1).Ledger();

        var list = ContributorList.Compute(ledger, History.Context([Isovalent]), History.AsOf).ToDictionary(c => c.Identity);

        Assert.True(list["ann"].Unverified);
        Assert.False(list["ben"].Unverified);
        Assert.False(list["dom"].Unverified);
    }
}
