namespace Momentum.Engine.Tests;

public sealed class StageTests
{
    private static readonly Organization Isovalent = new("Isovalent", ["isovalent.com"]);
    private static readonly Organization Tetrate = new("Tetrate", ["tetrate.io"]);

    private static ClassificationContext Context(params Organization[] vendors) =>
        History.Context(vendors.Length == 0 ? [Isovalent] : vendors);

    /// <summary>Three people of <paramref name="domain"/>: one at <paramref name="fromWeeksAgo"/>, two at <paramref name="toWeeksAgo"/>.</summary>
    private static History Team(History history, string domain, int fromWeeksAgo, int toWeeksAgo, int people = 3)
    {
        var name = domain.Split('.')[0];
        history.Commit($"{name}-0", domain, fromWeeksAgo);
        for (var p = 1; p < people; p++)
        {
            history.Commit($"{name}-{p}", domain, toWeeksAgo);
        }

        return history;
    }

    [Fact]
    public void AProjectCarriedByItsVendorAloneIsNiche()
    {
        var history = Team(new History { Weeks = 80 }, "isovalent.com", 40, 2);
        history.Commit("user-1", "acme.com", 5).Commit("user-2", "globex.com", 8);

        var stage = history.Report(Context()).Stage!;

        Assert.Equal(Stage.Niche, stage.Stage);
        Assert.Equal(1, stage.Facts.SustainedCompanies);
        Assert.Equal(1, stage.Facts.SustainedVendors);
        Assert.Equal(["Isovalent"], stage.Facts.SustainedTeams);
        Assert.Equal("niche: 2 end-user organisations in 26 wk (2 vs none on the 26 before, 2 new), 1 company with a sustained team, a vendor, 5 contributors", stage.Evidence);
    }

    [Fact]
    public void ATeamIsSustainedOnlyWithThreePeopleOverTwentySixWeeks()
    {
        var history = new History { Weeks = 80 };
        Team(history, "acme.com", 30, 5);                // 26 weeks apart: sustained
        Team(history, "globex.com", 24, 5);              // 20 weeks: a burst, not a team
        Team(history, "initech.com", 40, 5, people: 2);  // long, but two people
        Team(history, "umbrella.com", 70, 55);           // more than a year ago

        var facts = history.Report(Context()).Stage!.Facts;

        Assert.Equal(["acme.com"], facts.SustainedTeams);
    }

    [Fact]
    public void TwoVendorsAmongFourSustainedCompaniesMakeAnEcosystem()
    {
        var history = new History { Weeks = 80 };
        foreach (var domain in new[] { "isovalent.com", "tetrate.io", "acme.com", "globex.com" })
        {
            Team(history, domain, 45, 3);
        }

        var stage = history.Report(Context(Isovalent, Tetrate)).Stage!;

        Assert.Equal(Stage.Ecosystem, stage.Stage);
        Assert.Equal("ecosystem: 4 companies with sustained teams, 2 of them vendors", stage.Evidence);
        Assert.Equal(["Isovalent", "Tetrate"], stage.Facts.SustainedVendorNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FourSustainedCompaniesWithOneVendorAreABreakoutNotAnEcosystem()
    {
        var history = new History { Weeks = 80 };
        foreach (var domain in new[] { "isovalent.com", "acme.com", "globex.com", "initech.com" })
        {
            Team(history, domain, 45, 3);
        }

        var stage = history.Report(Context()).Stage!;

        Assert.Equal(Stage.Breakout, stage.Stage);
        Assert.Equal(4, stage.Facts.SustainedCompanies);
        Assert.EndsWith(", 4 companies with sustained teams, 1 of them a vendor", stage.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void TenSustainedCompaniesAreAnEcosystemWithoutAnyVendorList()
    {
        var history = new History { Weeks = 80 };
        for (var c = 0; c < 10; c++)
        {
            Team(history, $"company{c}.com", 45, 3);
        }

        var stage = history.Report(History.Context(vendors: [])).Stage!;

        Assert.Equal(Stage.Ecosystem, stage.Stage);
        Assert.Equal(0, stage.Facts.SustainedVendors);
    }

    [Fact]
    public void RisingEndUserOrganisationsMakeABreakoutButAFewMoreDoNot()
    {
        var rising = new History { Weeks = 80 };
        var flat = new History { Weeks = 80 };
        for (var c = 0; c < 2; c++)
        {
            rising.Commit($"dev-old-{c}", $"old{c}.com", 40);
        }

        for (var c = 0; c < 4; c++)
        {
            flat.Commit($"dev-old-{c}", $"old{c}.com", 40);
        }

        for (var c = 0; c < 6; c++)
        {
            rising.Commit($"dev-new-{c}", $"new{c}.com", 10);
            flat.Commit($"dev-new-{c}", $"new{c}.com", 10);
        }

        var up = rising.Report(Context()).Stage!;
        var level = flat.Report(Context()).Stage!;

        Assert.Equal(Stage.Breakout, up.Stage);
        Assert.Equal(6, up.Facts.EndUserOrganizations);
        Assert.Equal(2, up.Facts.EndUserOrganizationsBefore);
        Assert.Equal(6, up.Facts.NewEndUserOrganizations);
        Assert.Contains("(+200% on the 26 before, 6 new)", up.Evidence, StringComparison.Ordinal);

        // 6 against 4 is +50% but only 2 more organisations: small counts move that much by chance.
        Assert.Equal(Stage.Niche, level.Stage);
    }

    [Fact]
    public void AShortHistoryJudgesGrowthByNewOrganisationsAndSaysHowShortItIs()
    {
        var history = new History { Weeks = 30 };
        history.Commit("first", "old.com", 29);
        for (var c = 0; c < 5; c++)
        {
            history.Commit($"dev-new-{c}", $"new{c}.com", 4);
        }

        var stage = history.Report(Context()).Stage!;

        Assert.Null(stage.Facts.EndUserOrganizationsBefore);
        Assert.Equal(5, stage.Facts.NewEndUserOrganizations);
        Assert.Equal(Stage.Breakout, stage.Stage);
        Assert.Contains(" · 30 wk of history", stage.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void MostlyUnaffiliatedContributorsMakeTheEvidenceSayItIsALowerBound()
    {
        var history = new History { Weeks = 80 };
        history.Commit("known", "acme.com", 3);
        for (var p = 0; p < 3; p++)
        {
            history.Commit($"anon{p}", "gmail.com", 3);
        }

        var stage = history.Report(Context()).Stage!;

        Assert.Equal(3, stage.Facts.UnaffiliatedContributors);
        Assert.EndsWith(" · 75% unaffiliated, so counts are lower bounds", stage.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void PresenceCountsEveryoneButNamesPublicLoginsOnlyWithTheirFirstWeek()
    {
        var history = new History { Weeks = 80 };
        history.Commit("ana", "acme.com", 60).Commit("ana", "acme.com", 2)
            .Commit("bob", "acme.com", 5)
            .Commit("carol@acme.com", "acme.com", 20)
            .Commit("dan", "acme.com", 30);

        var acme = Assert.Single(history.Report(Context()).Organizations);

        Assert.Equal("acme.com", acme.Name);
        Assert.Equal(ContributorClass.EndUser, acme.Class);
        Assert.Equal(4, acme.Contributors);
        Assert.Equal(2, acme.RecentContributors);   // ana and bob in the last 13 weeks
        Assert.Equal(1, acme.PreviousContributors); // carol in the 13 before
        Assert.Equal(1, acme.NewContributors);      // bob: ana began in week 60
        Assert.Equal(History.CurrentWeek.Plus(-60).Start, acme.FirstWeek);
        Assert.Equal(["bob", "dan", "ana"], acme.Members.Select(m => m.Login));
        Assert.Equal(History.CurrentWeek.Plus(-60).Start, acme.Members.Single(m => m.Login == "ana").FirstWeek);
    }
}
