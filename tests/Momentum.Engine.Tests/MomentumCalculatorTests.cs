namespace Momentum.Engine.Tests;

public sealed class MomentumCalculatorTests
{
    private static WeekMetrics WeekAgo(MomentumReport report, int weeksAgo) => report.Weeks[^(weeksAgo + 1)];

    [Fact]
    public void BotsAreExcludedFromEveryCountAndReportedAsExcludedEvents()
    {
        var report = new History()
            .Commit("ana", "acme.com", 1, times: 2)
            .Commit("dependabot[bot]", null, 1, times: 5)
            .Event("k8s-ci-robot", ContributionKind.PullRequestOpened, 1)
            .Event("release-app", ContributionKind.PullRequestMerged, 1, bot: true)
            .Report();

        var week = WeekAgo(report, 1);
        Assert.Equal(2, week.Commits);
        Assert.Equal(1, week.Contributors);
        Assert.Equal(0, week.PullRequestsOpened);
        Assert.Equal(0, week.PullRequestsMerged);
        Assert.Equal(7, week.BotEventsExcluded);
        Assert.Equal(1, report.Window.ActiveContributors);
        Assert.Equal(7, report.DataQuality.BotEventsExcluded);
    }

    [Fact]
    public void ActiveContributorsOverTheWindowAreDistinctNotSummed()
    {
        var report = new History()
            .Commit("ana", "acme.com", 1).Commit("ana", "acme.com", 2).Commit("ana", "acme.com", 3).Commit("ana", "acme.com", 4)
            .Commit("bob", "acme.com", 1)
            .Report();

        Assert.Equal(5, report.Weeks.TakeLast(5).Sum(w => w.Contributors));
        Assert.Equal(2, report.Window.ActiveContributors);
    }

    [Fact]
    public void CommitsAndCommitAuthorsCountNonMergeCommitsOnly()
    {
        var week = WeekAgo(new History()
            .Commit("ana", "acme.com", 1, times: 3)
            .Commit("bob", "acme.com", 1, merge: true)
            .Report(), 1);
        Assert.Equal(3, week.Commits);
        Assert.Equal(1, week.CommitAuthors);
    }

    [Fact]
    public void NewContributorsAreThoseFirstSeenInTheWindowAndTheHorizonIsReported()
    {
        var report = new History { Weeks = 40 }
            .Commit("ana", "acme.com", 10).Commit("ana", "acme.com", 2)
            .Commit("bob", "acme.com", 2)
            .Report();

        Assert.Equal(1, report.Window.NewContributors);
        Assert.Equal(1, WeekAgo(report, 2).NewContributors);
        Assert.Equal(1, WeekAgo(report, 10).NewContributors);
        Assert.Equal(History.CurrentWeek.Plus(-40).Start, report.HistoryStart);
        Assert.Equal(41, report.Weeks.Count);
    }

    [Fact]
    public void GenericDomainsLeaveContributorsUnknownAndTheUnknownShareSitsBesideTheEndUserShare()
    {
        var report = new History()
            .Commit("ana", "gmail.com", 1)
            .Commit("bob", "acme.com", 1)
            .Commit("cy", "isovalent.com", 1)
            .Event("dee", ContributionKind.PullRequestOpened, 1)
            .Report();

        var w = report.Window;
        Assert.Equal((4, 1, 1, 2), (w.ActiveContributors, w.EndUserContributors, w.VendorContributors, w.UnknownContributors));
        Assert.Equal(0.25, w.EndUserShare);
        Assert.Equal(0.25, w.VendorShare);
        Assert.Equal(0.5, w.UnknownShare);
        Assert.Equal("acme.com", Assert.Single(w.TopEndUserOrganizations).Name);
        Assert.Equal(0.5, report.DataQuality.UnknownAffiliationShare);
    }

    [Fact]
    public void AnEmptyWindowReportsUnavailableSharesNotZero()
    {
        var report = new History().Commit("ana", "acme.com", 20).Report();
        Assert.Null(report.Window.EndUserShare);
        Assert.Null(report.Window.UnknownShare);
        Assert.Contains(report.DataQuality.Warnings, w => w.Contains("No contributor activity", StringComparison.Ordinal));
    }

    [Fact]
    public void TheProfileCompanyClassifiesLoginsWithoutACorporateEmail()
    {
        var profiles = new Dictionary<string, ProfileFacts>
        {
            ["dee"] = new("@acme", false),
            ["eve"] = new("Isovalent, Inc.", false),
            ["fay"] = new("Acme", false),
        };
        var report = new History()
            .Event("dee", ContributionKind.PullRequestOpened, 1)
            .Event("eve", ContributionKind.PullRequestOpened, 1)
            .Commit("fay", "globex.com", 1)
            .Report(History.Context(profiles: profiles));

        Assert.Equal(1, report.Window.VendorContributors);
        // fay's corporate email wins over her profile company.
        Assert.Equal(["acme", "globex.com"], report.Window.TopEndUserOrganizations.Select(o => o.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AProfileMarkedAsBotExcludesTheLogin()
    {
        var profiles = new Dictionary<string, ProfileFacts> { ["helper"] = new(null, true) };
        var report = new History().Event("helper", ContributionKind.PullRequestOpened, 1).Report(History.Context(profiles: profiles));
        Assert.Equal(0, report.Window.ActiveContributors);
        Assert.Equal(1, WeekAgo(report, 1).BotEventsExcluded);
    }

    [Fact]
    public void AnEndUserHiredByTheVendorIsClassifiedByDate()
    {
        var history = new History();
        for (var w = 10; w >= 6; w--)
        {
            history.Commit("ana", "acme.com", w);
        }

        for (var w = 3; w >= 1; w--)
        {
            history.Commit("ana", "isovalent.com", w).Event("ana", ContributionKind.PullRequestOpened, w);
        }

        var report = history.Report();
        Assert.Equal(1, WeekAgo(report, 8).EndUserContributors);
        Assert.Equal(1, WeekAgo(report, 2).VendorContributors);
        Assert.Equal(0, WeekAgo(report, 2).EndUserContributors);
        Assert.Equal(1, report.Window.VendorContributors);

        // The vendor list changes: the same stored activity reclassifies without new data.
        var reclassified = MomentumCalculator.Compute(history.Ledger(), History.Context(vendors: [new Organization("Acme", ["acme.com"])]), History.AsOf);
        Assert.Equal(1, WeekAgo(reclassified, 8).VendorContributors);
        Assert.Equal(1, WeekAgo(reclassified, 2).EndUserContributors);
    }

    [Fact]
    public void AnOverrideWinsOverEmailAndProfile()
    {
        var overrides = new Dictionary<string, string> { ["ana"] = "Acme" };
        var report = new History().Commit("ana", "isovalent.com", 1).Report(History.Context(overrides: overrides));
        Assert.Equal("Acme", Assert.Single(report.Window.TopEndUserOrganizations).Name);
        Assert.Equal(0, report.Window.VendorContributors);
    }

    [Fact]
    public void ThePartialCurrentWeekIsFlaggedAndKeptOutOfTheWindow()
    {
        var report = new History().Commit("ana", "acme.com", 0).Report();
        Assert.True(report.Weeks[^1].Partial);
        Assert.Equal(1, report.Weeks[^1].Contributors);
        Assert.All(report.Weeks.SkipLast(1), w => Assert.False(w.Partial));
        Assert.Equal(0, report.Window.ActiveContributors);
        Assert.Equal(History.CurrentWeek.Plus(-4).Start, report.Window.Start);
        Assert.Equal(History.CurrentWeek.Start, report.Window.End);
    }

    [Fact]
    public void TheElephantFactorCountsOrganisationsHoldingAMajorityOfKnownContributions()
    {
        var report = new History()
            .Commit("a1", "alpha.com", 1, times: 6)
            .Commit("b1", "beta.com", 1, times: 3)
            .Commit("c1", "gamma.com", 1, times: 2)
            .Commit("u1", "gmail.com", 1, times: 50)
            .Report();
        Assert.Equal(1, report.Window.ElephantFactor);
        // Identities: u1 alone holds 50 of 61 contributions.
        Assert.Equal(1, report.Window.ContributorAbsenceFactor);

        var even = new History()
            .Commit("a1", "alpha.com", 1, times: 4)
            .Commit("b1", "beta.com", 2, times: 4)
            .Commit("c1", "gamma.com", 3, times: 4)
            .Report();
        Assert.Equal(2, even.Window.ElephantFactor);
        Assert.Equal(2, even.Window.ContributorAbsenceFactor);
    }

    [Fact]
    public void TheElephantFactorIsUnavailableWithoutKnownOrganisations()
    {
        var report = new History().Commit("u1", "gmail.com", 1).Report();
        Assert.Null(report.Window.ElephantFactor);
        Assert.Equal(1, report.Window.ContributorAbsenceFactor);
    }

    [Fact]
    public void VelocityIsMergedPullRequestsPerWeekAndFirstResponseIsAMedian()
    {
        var report = new History()
            .Event("ana", ContributionKind.PullRequestMerged, 1, times: 2)
            .Event("bob", ContributionKind.PullRequestMerged, 3, times: 6)
            .Event("bob", ContributionKind.PullRequestMerged, 0, times: 9)
            .Response(1, 1).Response(2, 3).Response(4, 10).Response(8, 100).Response(0, 500)
            .Report();

        Assert.Equal(2.0, report.Window.MergedPullRequestsPerWeek);
        Assert.Equal(3.0, report.Window.MedianHoursToFirstResponse);
        Assert.Equal(3, report.Window.FirstResponseSamples);
    }

    [Fact]
    public void OrganisationsContributingForTheFirstTimeLastWeekAreNamed()
    {
        var report = new History()
            .Commit("ana", "acme.com", 5).Commit("ana", "acme.com", 1)
            .Commit("bob", "globex.com", 1)
            .Commit("cy", "initech.com", 0)
            .Commit("dee", "isovalent.com", 1)
            .Report();
        Assert.Equal(["globex.com"], report.NewEndUserOrganizations);
    }

    private static History SteadyEndUsers(int weeksFrom, int weeksTo, int perWeek)
    {
        var history = new History();
        for (var w = weeksFrom; w >= weeksTo; w--)
        {
            for (var i = 0; i < perWeek; i++)
            {
                history.Commit($"steady{i}", $"org{i % 2}.com", w);
            }
        }

        return history;
    }

    [Fact]
    public void ASteadyProjectScoresFiftyAndIsSteady()
    {
        var report = SteadyEndUsers(30, 1, 3).Report();
        Assert.Equal(50, report.Momentum.Score);
        Assert.Equal(Trend.Steady, report.Momentum.Trend);
        Assert.Empty(report.Momentum.Drivers);
    }

    [Fact]
    public void TheScoreFollowsTheDocumentedFormulaAndNamesItsDrivers()
    {
        var history = new History();
        for (var w = 16; w >= 5; w--)
        {
            history.Commit("ana", "acme.com", w);
        }

        for (var w = 4; w >= 1; w--)
        {
            history.Commit("ana", "acme.com", w).Commit("bob", "globex.com", w).Commit("cy", "initech.com", w);
        }

        var report = history.Report();

        static double G(double recent, double baseline) => Math.Log2((recent + 1) / (baseline + 1));
        var sum = (0.20 * G(3, 1)) + (0.30 * G(3, 1)) + (0.20 * G(3, 1)) + (0.15 * G(0.5, 1.0 / 12)) + (0.15 * G(0, 0));
        Assert.Equal((int)Math.Round(50 + (50 * Math.Tanh(sum))), report.Momentum.Score);
        Assert.Equal(82, report.Momentum.Score);
        Assert.Equal(Trend.Rising, report.Momentum.Trend);
        Assert.Equal(3, report.Momentum.Drivers.Count);
        Assert.Equal("end-user contributors 3/wk vs 1/wk", report.Momentum.Drivers[0]);
    }

    [Fact]
    public void ACoolingProjectIsCooling()
    {
        var history = new History();
        for (var w = 16; w >= 5; w--)
        {
            for (var i = 0; i < 6; i++)
            {
                history.Commit($"p{i}", $"company{i}.com", w);
            }

            history.Event("p0", ContributionKind.PullRequestMerged, w, times: 5);
        }

        history.Commit("p0", "company0.com", 2);
        var report = history.Report();
        Assert.True(report.Momentum.Score <= 40, $"score {report.Momentum.Score}");
        Assert.Equal(Trend.Cooling, report.Momentum.Trend);
    }
}
