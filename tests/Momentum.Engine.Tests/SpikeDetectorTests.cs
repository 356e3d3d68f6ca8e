namespace Momentum.Engine.Tests;

public sealed class SpikeDetectorTests
{
    private static readonly Week Start = Week.Of(new DateOnly(2024, 2, 5));

    /// <summary>A series from (end-user contributors, end-user organisations) pairs, every week with some activity.</summary>
    private static EndUserWeek[] Series(params (int Contributors, int Organizations)[] weeks) =>
        weeks.Select((w, i) => new EndUserWeek(Start.Plus(i), false, w.Contributors + 3, w.Contributors, w.Organizations)).ToArray();

    private static (int, int)[] Repeat(int count, int contributors, int organizations) => Enumerable.Repeat((contributors, organizations), count).ToArray();

    private static (int, int)[] Alternate(int count, (int, int) a, (int, int) b) => Enumerable.Range(0, count).Select(i => i % 2 == 0 ? a : b).ToArray();

    private static List<Spike> Detect(EndUserWeek[] weeks, Sensitivity sensitivity = Sensitivity.Normal) =>
        SpikeDetector.Detect(weeks, sensitivity, _ => ([], []));

    [Fact]
    public void ABigWeekFromManyOrganisationsAgainstAQuietBaselineIsASpike()
    {
        var weeks = Series([.. Alternate(26, (1, 1), (2, 2)), (8, 7)]);
        var spike = Assert.Single(Detect(weeks));
        Assert.Equal(Start.Plus(26).Start, spike.WeekStart);
        Assert.Equal(1.5, spike.ContributorMeasure.Baseline, 1);
        Assert.True(spike.ContributorMeasure.TailProbability < 0.001);
        Assert.True(spike.ContributorMeasure.Fired && spike.OrganizationMeasure.Fired);
        Assert.Equal(26, spike.BaselineWeeks);
        Assert.Equal("normal", spike.Sensitivity);
    }

    [Fact]
    public void OrganisationsAloneDoNotRaiseASpike()
    {
        // The case: 7 end-user contributors against about 5.5, but 6 organisations against 3-4 with a small spread.
        var weeks = Series([.. Alternate(26, (5, 3), (6, 4)), (7, 6)]);
        Assert.Empty(Detect(weeks));
        Assert.Empty(Detect(weeks, Sensitivity.High));
    }

    [Fact]
    public void ContributorsFromOneOrganisationDoNotRaiseASpike()
    {
        var weeks = Series([.. Alternate(26, (1, 1), (2, 2)), (9, 2)]);
        Assert.Empty(Detect(weeks));
    }

    [Fact]
    public void ANoisyBaselineDoesNotHideABigWeek()
    {
        // 7 contributors from 7 organisations against a median of 2.5 whose MAD was 1.5 (robust z 2.0 under the old rule).
        var weeks = Series([.. Enumerable.Range(0, 26).Select(i => (new[] { 1, 4, 2, 3, 1, 4 }[i % 6], new[] { 1, 3, 2, 3, 1, 3 }[i % 6])), (7, 7)]);
        Assert.Single(Detect(weeks));
    }

    [Fact]
    public void SmallJumpsNeedTheLiftFloorUnlessSensitivityIsHigh()
    {
        // 2 from 2 organisations against a zero baseline: improbable, but two people are not a spike at normal.
        var weeks = Series([.. Repeat(26, 0, 0), (2, 2)]);
        Assert.Empty(Detect(weeks));
        Assert.Empty(Detect(weeks, Sensitivity.Low));
        Assert.Single(Detect(weeks, Sensitivity.High));
    }

    [Fact]
    public void ABusyProjectNeedsAProportionalLift()
    {
        // 16 against 12 a week is +4, past the absolute floor, but not half as much again as the baseline.
        var weeks = Series([.. Alternate(26, (11, 8), (13, 9)), (16, 12)]);
        Assert.Empty(Detect(weeks));
        Assert.Single(Detect(Series([.. Alternate(26, (11, 8), (13, 9)), (26, 18)])));
    }

    [Fact]
    public void AnEarlierSpikeInTheBaselineDoesNotHideTheNextOne()
    {
        var weeks = Series([.. Alternate(12, (1, 1), (2, 2)), (9, 8), .. Alternate(12, (1, 1), (2, 2)), (8, 7)]);
        Assert.Equal([Start.Plus(12).Start, Start.Plus(25).Start], Detect(weeks).Select(s => s.WeekStart));
    }

    [Fact]
    public void NoSpikeUntilTwelveWeeksAfterTheFirstRealEvent()
    {
        // Thirty empty weeks (the data horizon is older than the repository), then a first event: the empty weeks are
        // no baseline, so a busy week 11 weeks after the first event is not a spike and one 12 weeks after can be.
        var empty = Enumerable.Range(0, 30).Select(i => new EndUserWeek(Start.Plus(i), false, 0, 0, 0));
        var active = Series([.. Repeat(12, 1, 1), (7, 6)]).Select(w => w with { Week = w.Week.Plus(30) }).ToArray();
        var early = empty.Concat(active.Take(11)).Append(active[^1] with { Week = Start.Plus(41) }).ToArray();
        Assert.Empty(Detect(early, Sensitivity.High));
        var spike = Assert.Single(Detect([.. empty, .. active]));
        Assert.Equal(12, spike.BaselineWeeks);
    }

    [Fact]
    public void ConsecutiveSpikeWeeksAreOneEpisode()
    {
        (int, int) quiet = (1, 1);
        var weeks = Series([.. Alternate(26, (1, 1), (2, 2)), (8, 7), (9, 8), quiet, (9, 7), quiet, quiet, quiet, (10, 8)]);
        var spikes = Detect(weeks);
        Assert.Equal([1, 2, 3, 1], spikes.Select(s => s.EpisodeWeek));
        Assert.Equal([Start.Plus(26).Start, Start.Plus(26).Start, Start.Plus(26).Start, Start.Plus(33).Start], spikes.Select(s => s.EpisodeStart));
    }

    [Fact]
    public void PartialWeeksAreNeverSpikesNorBaseline()
    {
        var weeks = Series([.. Alternate(26, (1, 1), (2, 2)), (9, 8)]);
        weeks[^1] = weeks[^1] with { Partial = true };
        Assert.Empty(Detect(weeks));
    }

    [Fact]
    public void HolidayWeeksAreLeftOutOfTheBaselineAndTheSameWeeksAYearEarlierAreShown()
    {
        // From 2022-12-05: quiet at 2-3 a week, nothing in the holiday weeks, then 6 from 5 in the third week of 2024.
        var from = Week.Of(new DateOnly(2022, 12, 5));
        var weeks = Enumerable.Range(0, 58).Select(i =>
        {
            var week = from.Plus(i);
            var (c, o) = SpikeRules.IsYearEndHoliday(week) ? (0, 0) : i % 2 == 0 ? (2, 2) : (3, 2);
            return new EndUserWeek(week, false, c + 2, c, o);
        }).ToList();
        weeks.Add(new EndUserWeek(from.Plus(58), false, 8, 6, 5));
        var spike = Assert.Single(SpikeDetector.Detect(weeks, Sensitivity.High, _ => ([], [])));
        Assert.Equal(new DateOnly(2024, 1, 15), spike.WeekStart);
        var season = Assert.IsType<SpikeSeason>(spike.Season);
        Assert.False(season.InHolidays);
        Assert.Equal(2, season.HolidayWeeksLeftOut);
        Assert.Equal(new DateOnly(2023, 1, 16), season.YearEarlierWeek);
        Assert.Equal(2, season.YearEarlierContributors);
        // The holiday zeros are not in the baseline: 26 other weeks, 13 of 2 and 13 of 3; without the highest two, 59 / 24.
        Assert.Equal(Math.Round(59.0 / 24, 2), spike.ContributorMeasure.Baseline);
    }

    [Theory]
    [InlineData(2023, 12, 25, true)]
    [InlineData(2024, 1, 1, true)]
    [InlineData(2024, 12, 23, true)]
    [InlineData(2024, 12, 30, true)]
    [InlineData(2024, 12, 16, false)]
    [InlineData(2025, 1, 6, false)]
    public void TheYearEndHolidayWeeksAreTheWeeksOfChristmasAndNewYear(int year, int month, int day, bool holiday) =>
        Assert.Equal(holiday, SpikeRules.IsYearEndHoliday(Week.Of(new DateOnly(year, month, day))));

    [Fact]
    public void TailProbabilitiesArePoissonOrNegativeBinomial()
    {
        // Poisson(1): P(X ≥ 3) = 1 − e⁻¹(1 + 1 + ½).
        Assert.Equal(1 - (Math.Exp(-1) * 2.5), CountTail.AtLeast(3, 1, 1), 9);
        // Mean 2, variance 4: negative binomial with r = 2, p = ½: P(0) = ¼, P(1) = ¼, P(2) = 3/16.
        Assert.Equal(1 - 0.25 - 0.25 - 0.1875, CountTail.AtLeast(3, 2, 4), 9);
        Assert.Equal(1, CountTail.AtLeast(0, 2, 2));
        Assert.Equal(0, CountTail.AtLeast(1, 0, 0));
        // A mean far above any weekly count (e^-800 underflows): scored in log space, about 3.5 σ above the mean.
        Assert.InRange(CountTail.AtLeast(900, 800, 800), 1e-5, 1e-3);
    }

    [Fact]
    public void HigherSensitivityNeverRaisesFewerSpikes()
    {
        var random = new Random(3);
        var weeks = Series([.. Enumerable.Range(0, 104).Select(_ => { var c = random.Next(0, 7); return (c, Math.Min(c, random.Next(0, 6))); })]);
        var low = Detect(weeks, Sensitivity.Low).Select(s => s.WeekStart).ToHashSet();
        var normal = Detect(weeks, Sensitivity.Normal).Select(s => s.WeekStart).ToHashSet();
        var high = Detect(weeks, Sensitivity.High).Select(s => s.WeekStart).ToHashSet();
        Assert.Subset(normal, low);
        Assert.Subset(high, normal);
        Assert.NotEmpty(high);
    }
}
