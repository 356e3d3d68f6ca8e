namespace Momentum.Engine.Tests;

public sealed class DiscoveryRuleTests
{
    private static readonly Organization Isovalent = new("Isovalent", ["isovalent.com"]);

    /// <summary>An end-user organisation that came back after a year away arrived; one that stayed did not; vendors never count.</summary>
    private static History Candidate(int weeks) => new History { Weeks = weeks }
        .Commit("ana", "isovalent.com", 2)
        .Commit("old", "stayed.io", 20).Commit("old", "stayed.io", 3)
        .Commit("new", "arrived.io", 5)
        .Commit("back", "returned.io", 60).Commit("back", "returned.io", 4)
        .Commit("gone", "left.io", 18);

    [Fact]
    public void NewOrganizationsAreEndUsersActiveInTheLast13WeeksAndAbsentFromThe13Before()
    {
        var report = Candidate(104).Report(History.Context([Isovalent]));

        Assert.Equal(2, DiscoveryRule.NewOrganizations(report.Organizations));
    }

    [Fact]
    public void NewOrganizationsReadTheSameOnA26WeekHistoryAsOnA104WeekOne()
    {
        var deep = Candidate(104).Report(History.Context([Isovalent]));
        var shallow = Candidate(26).Report(History.Context([Isovalent]));

        Assert.Equal(DiscoveryRule.NewOrganizations(deep.Organizations), DiscoveryRule.NewOrganizations(shallow.Organizations));
        Assert.Equal(
            DiscoveryRule.Measure(deep.Weeks, DiscoveryRule.NewOrganizations(deep.Organizations)),
            DiscoveryRule.Measure(shallow.Weeks, DiscoveryRule.NewOrganizations(shallow.Organizations)));
    }
}
