namespace Momentum.Engine.Tests;

public sealed class LedgerTests
{
    [Fact]
    public void CountsPackIntoOneIntegerAndBack()
    {
        var counts = new ActivityCounts(65535, 2, 300, 32767);
        Assert.Equal(counts, ActivityCounts.Unpack(counts.Pack()));
        Assert.Equal(new ActivityCounts(1, 0, 0, 0), ActivityCounts.Unpack(ActivityCounts.Increment(ContributionKind.Commit)));
        Assert.Equal(new ActivityCounts(0, 0, 0, 1), ActivityCounts.Unpack(ActivityCounts.Increment(ContributionKind.IssueOpened)));
    }

    [Fact]
    public void EventsOfOneActorInOneWeekShareACell()
    {
        var ledger = new History().Commit("ana", "acme.com", 2, times: 3).Event("ana", ContributionKind.PullRequestOpened, 2).Ledger();
        var cells = ledger.Cells.Where(c => c.Counts.Total > 0).ToArray();
        // Commits carry the email domain, pull requests do not: two actors for one identity.
        Assert.Equal(2, ledger.Actors.Count);
        Assert.Equal(3, cells.Sum(c => c.Counts.Commits));
        Assert.Equal(1, cells.Sum(c => c.Counts.PullRequestsOpened));
    }

    [Fact]
    public void MergeCommitsAndEventsBeforeTheHorizonAreNotCounted()
    {
        var ledger = new History { Weeks = 10 }
            .Commit("ana", "acme.com", 2, merge: true)
            .Commit("bob", "acme.com", 11)
            .Commit("cy", "acme.com", 3)
            .Ledger();
        Assert.Equal(1, ledger.Cells.Sum(c => c.Counts.Commits));
        Assert.Equal("cy", Assert.Single(ledger.Actors).Identity);
    }

    [Fact]
    public void MergingTwoRepositoriesUnifiesIdentities()
    {
        var a = new History().Commit("ana", "acme.com", 1).Ledger();
        var b = new History().Commit("ana", "acme.com", 1).Commit("bob", null, 1).Ledger();
        var merged = ActivityLedger.Merge([a, b]);
        Assert.Equal(2, merged.Actors.Count);
        Assert.Equal(3, merged.Cells.Sum(c => c.Counts.Commits));
    }
}

public sealed class FirstSeenTests
{
    [Fact]
    public void AContributorSeenBeforeTheStoredWeeksIsNotNewAgain()
    {
        var ledger = new History().Commit("ana", "acme.com", 1).Commit("bob", "acme.com", 1).Ledger();
        var firstSeen = ledger.Actors.Select(a => a.Identity == "ana" ? (Week?)History.CurrentWeek.Plus(-200) : null).ToArray();
        var known = new ActivityLedger(ledger.Actors, ledger.Cells, ledger.FirstResponses, ledger.HistoryStart, firstSeen);

        var report = MomentumCalculator.Compute(known, History.Context(), History.AsOf);
        Assert.Equal(1, report.Window.NewContributors);
        Assert.Equal(2, MomentumCalculator.Compute(ledger, History.Context(), History.AsOf).Window.NewContributors);
    }
}
