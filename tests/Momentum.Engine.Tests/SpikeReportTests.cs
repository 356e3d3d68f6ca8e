namespace Momentum.Engine.Tests;

/// <summary>Spikes as the report carries them: through <see cref="MomentumCalculator"/> from contribution events.</summary>
public sealed class SpikeReportTests
{
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
    public void ASpikeNamesEveryEndUserContributorByOrganisation()
    {
        var history = SteadyEndUsers(30, 2, 2);
        for (var i = 0; i < 14; i++)
        {
            history.Commit($"new{i:00}", $"company{i % 7}.com", 1, times: 14 - i);
        }

        var report = history.Report();
        var spike = Assert.Single(report.Spikes);
        Assert.Equal(History.CurrentWeek.Plus(-1).Start, spike.WeekStart);
        Assert.Equal(14, spike.EndUserContributors);
        Assert.Equal(7, spike.EndUserOrganizations);
        Assert.Equal(14, spike.Contributors.Count);
        Assert.Equal("new00", spike.Contributors[0]);
        var company0 = Assert.Single(spike.Organizations, o => o.Name == "company0.com");
        Assert.Equal(["new00", "new07"], company0.Members);
        Assert.Equal(14, spike.Organizations.Sum(o => o.Members.Count));
        Assert.Equal(2, spike.ContributorMeasure.Baseline);
        Assert.Equal(SpikeMeasure.OrganizationsName, spike.OrganizationMeasure.Name);
    }

    [Fact]
    public void ASpikeOrganisationKnownOnlyByItsPeoplesProfileCompanyTextIsUnverified()
    {
        var history = SteadyEndUsers(30, 2, 2);
        var profiles = new Dictionary<string, ProfileFacts>();
        for (var i = 0; i < 14; i++)
        {
            // new00…new06 by their commit domains; new07…new13 by profile company only (Hooli and Pied Piper), one of
            // whom (new13) also shows a GitHub membership of Pied Piper's organisation.
            var byProfile = i >= 7;
            history.Commit($"new{i:00}", byProfile ? null : $"company{i}.com", 1, times: 14 - i);
            if (byProfile)
            {
                profiles[$"new{i:00}"] = new ProfileFacts(i % 2 == 0 ? "Hooli" : "Pied Piper", false) { Organizations = i == 13 ? ["piedpiper"] : [] };
            }
        }

        var piedPiper = new Organization("Pied Piper", ["piedpiper.com"]) { GitHubOrganizations = ["piedpiper"] };
        var context = new ClassificationContext(new AffiliationResolver([piedPiper]), new VendorSet([]), profiles: profiles);

        var spike = Assert.Single(history.Report(context).Spikes);

        var byName = spike.Organizations.ToDictionary(o => o.Name);
        Assert.True(byName["Hooli"].Unverified);
        Assert.False(byName["Pied Piper"].Unverified); // new13's membership verifies it
        // company0.com is new00's alone that week: one person's bare mail domain, unverified too.
        Assert.True(byName["company0.com"].Unverified);
    }

    [Fact]
    public void ASpikeOrganisationThatIsOnlyOnePersonsBareMailDomainIsUnverified()
    {
        var history = SteadyEndUsers(30, 2, 2);
        history.Commit("steady0", "org0.com", 1).Commit("steady1", "org1.com", 1)
            .Commit("ann", "fernwood.com", 1).Commit("amy", "fernwood.com", 1) // a second person verifies it
            .Commit("bo", "quillsoft.dev", 1) // one person's bare commit domain
            .Commit("cy", "initech.com", 1) // one person, but the domain map names the organisation
            .Commit("gus", "lumora.io", 1) // one person, but gitdm says where he works
            .Commit("pat", null, 1); // one person by the profile's public email domain
        var gitdm = new DatedAffiliations();
        gitdm.Add("gus", [], [new DatedAffiliation("Lumora", null, null)]);
        var profiles = new Dictionary<string, ProfileFacts> { ["pat"] = new(null, false) { Email = "pat@zentrix.net" } };
        var context = new ClassificationContext(new AffiliationResolver([new Organization("Initech", ["initech.com"])]), new VendorSet([]), profiles: profiles, dated: gitdm);

        var spike = Assert.Single(history.Report(context).Spikes);

        var unverified = spike.Organizations.ToDictionary(o => o.Name, o => o.Unverified);
        Assert.False(unverified["fernwood.com"]);
        Assert.True(unverified["quillsoft.dev"]);
        Assert.False(unverified["Initech"]);
        Assert.False(unverified["Lumora"]);
        Assert.True(unverified["zentrix.net"]);
        // The steady contributors are each alone at their domain that week too.
        Assert.True(unverified["org0.com"]);
    }

    [Fact]
    public void UnverifiedOrganisationsStillCountTowardTheTwoOrganisationsASpikeNeeds()
    {
        // Crossplane's kind of spike: one engineer each from several companies, each known only by a bare mail domain.
        var history = SteadyEndUsers(30, 2, 2);
        for (var i = 0; i < 8; i++)
        {
            history.Commit($"eng{i}", $"firm{(char)('a' + i)}works.com", 1);
        }

        var spike = Assert.Single(history.Report().Spikes);

        Assert.Equal(8, spike.EndUserOrganizations);
        Assert.All(spike.Organizations, o => Assert.True(o.Unverified));
    }

    [Fact]
    public void ExcludedOrganisationsAreLeftOutOfBothMeasures()
    {
        var history = SteadyEndUsers(30, 2, 2);
        for (var i = 0; i < 9; i++)
        {
            history.Commit($"new{i}", "org0.com", 1);
        }

        // org0 and org1 from the steady pair make 2 organisations: exclude org1 and only one remains.
        Assert.Empty(history.Report(options: new ReportOptions { ExcludedOrganizations = ["org1.com"] }).Spikes);
    }

    [Fact]
    public void AProjectsFirstBusyWeeksAreNotSpikes()
    {
        // Nothing at all before week 6: its baseline is the time before the project had any history.
        var history = new History();
        for (var w = 6; w >= 1; w--)
        {
            for (var i = 0; i < (w == 1 ? 9 : 2); i++)
            {
                history.Commit($"p{i}", $"company{i}.com", w);
            }
        }

        Assert.Empty(history.Report(options: new ReportOptions { Sensitivity = Sensitivity.High }).Spikes);
    }

    [Fact]
    public void AFourWeekWindowOverTheHolidaysSaysSoAndComparesWithAYearEarlier()
    {
        // As of 2026-01-07 the window is 2025-12-08 … 2026-01-04, over Christmas and New Year.
        var asOf = new DateTimeOffset(2026, 1, 7, 12, 0, 0, TimeSpan.Zero);
        var builder = new ActivityLedgerBuilder(Week.Of(asOf).Plus(-70));
        for (var w = 70; w >= 1; w--)
        {
            var week = Week.Of(asOf).Plus(-w);
            for (var i = 0; i < (SpikeRules.IsYearEndHoliday(week) ? 1 : 4); i++)
            {
                builder.Add(new ContributionEvent($"dev{i}", "gmail.com", false, ContributionKind.Commit, week.StartInstant.AddDays(1)));
            }
        }

        var report = MomentumCalculator.Compute(builder.Build(), History.Context(), asOf);
        var caveat = Assert.Single(report.DataQuality.Warnings, w => w.Contains("year-end holiday", StringComparison.Ordinal));
        Assert.Contains("4-week window", caveat, StringComparison.Ordinal);
        Assert.Contains("A year earlier the same 4 weeks had 2.5 contributors a week (0 end-user); now 2.5 (0)", caveat, StringComparison.Ordinal);
    }

    [Fact]
    public void AWindowClearOfTheHolidaysHasNoSeasonalCaveat()
    {
        var asOf = new DateTimeOffset(2026, 6, 17, 12, 0, 0, TimeSpan.Zero);
        var builder = new ActivityLedgerBuilder(Week.Of(asOf).Plus(-30));
        builder.Add(new ContributionEvent("dev", "gmail.com", false, ContributionKind.Commit, asOf.AddDays(-10)));
        var report = MomentumCalculator.Compute(builder.Build(), History.Context(), asOf);
        Assert.DoesNotContain(report.DataQuality.Warnings, w => w.Contains("holiday", StringComparison.Ordinal));
    }
}
