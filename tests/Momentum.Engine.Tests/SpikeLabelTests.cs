using System.Globalization;
using System.Text.Json;

namespace Momentum.Engine.Tests;

/// <summary>
/// The detector on the labelled end-user series of five real CNCF histories (data/labelled-spikes.json, see its
/// README): at normal sensitivity it finds every labelled spike but the known miss below, raises nothing outside the
/// labels, at most 4 alerts a project-year, each with both measures and at least two organisations.
/// </summary>
public sealed class SpikeLabelTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string> Projects => new(Labelled().Projects.Select(p => p.Name));

    private static LabelFile Labelled() =>
        JsonSerializer.Deserialize<LabelFile>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "labelled-spikes.json")), Json)!;

    private static (LabelProject Project, List<Spike> Spikes) Run(string name, Sensitivity sensitivity)
    {
        var project = Labelled().Projects.Single(p => p.Name == name);
        var start = Week.Of(DateOnly.Parse(project.Start, CultureInfo.InvariantCulture));
        var weeks = project.Weeks.Split(' ').Select((w, i) =>
        {
            var parts = w.Split('/').Select(int.Parse).ToArray();
            return new EndUserWeek(start.Plus(i), false, parts[2], parts[0], parts[1]);
        }).ToArray();
        return (project, SpikeDetector.Detect(weeks, sensitivity, _ => ([], [])));
    }

    private static DateOnly Day(string week) => DateOnly.Parse(week, CultureInfo.InvariantCulture);

    /// <summary>
    /// The labelled spikes the detector misses at normal sensitivity, each with the measured reason; the README's spike
    /// section reports them. argo-cd 2023-05-22 (5 contributors from 4 organisations): the organisation measure's tail
    /// is p = 0.0502 against 0.05, because March 2023's 4-3-3 bump is in its 20-week baseline and only the single
    /// highest week is left out. Left as a miss rather than a threshold moved for one week.
    /// </summary>
    private static readonly HashSet<(string Project, string Week)> KnownMisses = [("argo-cd", "2023-05-22")];

    [Theory]
    [MemberData(nameof(Projects))]
    public void AtNormalSensitivityEveryLabelledSpikeIsFound(string name)
    {
        var (project, spikes) = Run(name, Sensitivity.Normal);
        var weeks = spikes.Select(s => s.WeekStart).ToHashSet();
        Assert.All(project.Spikes.Where(l => !KnownMisses.Contains((name, l.Week))), label => Assert.True(label.Episode.Select(Day).Any(weeks.Contains), $"{name} {label.Week} missed: {label.Reason}"));
    }

    [Fact]
    public void TheKnownMissesAreLabelledSpikesThatNormalMissesAndHighFinds()
    {
        foreach (var (name, week) in KnownMisses)
        {
            var label = Assert.Single(Run(name, Sensitivity.Normal).Project.Spikes, l => l.Week == week);
            Assert.DoesNotContain(Run(name, Sensitivity.Normal).Spikes, s => label.Episode.Select(Day).Contains(s.WeekStart));
            Assert.Contains(Run(name, Sensitivity.High).Spikes, s => label.Episode.Select(Day).Contains(s.WeekStart));
        }
    }

    [Fact]
    public void RecallAtNormalOnTheSecondLabellingIsSixOfSeven()
    {
        var labels = Labelled().Projects.SelectMany(p => p.Spikes.Select(l => (p.Name, l))).ToList();
        var found = labels.Count(x => Run(x.Name, Sensitivity.Normal).Spikes.Any(s => x.l.Episode.Select(Day).Contains(s.WeekStart)));
        Assert.Equal((6, 7), (found, labels.Count));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void EveryLabelNamesAWeekOfTheSeriesAndADroppedLabelIsNotAlsoKept(string name)
    {
        var project = Labelled().Projects.Single(p => p.Name == name);
        var first = DateOnly.Parse(project.Start, CultureInfo.InvariantCulture);
        var last = first.AddDays(7 * (project.Weeks.Split(' ').Length - 1));
        var labelled = project.Spikes.SelectMany(s => s.Episode.Append(s.Week)).Concat(project.Borderline.Select(b => b.Week)).Select(Day).ToList();
        Assert.All(labelled, d => Assert.True(d >= first && d <= last && d.DayOfWeek == DayOfWeek.Monday, $"{name} {d}"));
        Assert.All(project.Dropped ?? [], d =>
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Reason), $"{name} {d.Week} dropped without a reason");
            Assert.DoesNotContain(Day(d.Week), labelled);
        });
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void AtNormalSensitivityNoAlertFallsOutsideTheLabels(string name)
    {
        var (project, spikes) = Run(name, Sensitivity.Normal);
        var allowed = project.Spikes.SelectMany(s => s.Episode).Concat(project.Borderline.Select(b => b.Week)).Select(Day).ToHashSet();
        Assert.All(spikes, s => Assert.True(allowed.Contains(s.WeekStart), $"{name} {s.WeekStart:yyyy-MM-dd} alerted outside the labels"));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void AtNormalSensitivityAlertsAreFewAndRestOnBothMeasuresAndTwoOrganisations(string name)
    {
        var (_, spikes) = Run(name, Sensitivity.Normal);
        Assert.All(spikes, s =>
        {
            Assert.True(s.ContributorMeasure.Fired && s.OrganizationMeasure.Fired);
            Assert.True(s.EndUserOrganizations >= 2);
        });
        Assert.All(spikes.Where(s => s.EpisodeWeek == 1).GroupBy(s => s.WeekStart.Year), year => Assert.True(year.Count() <= 4, $"{name} {year.Key}: {year.Count()} alerts"));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void LowFindsNoMoreThanNormalAndHighNoLess(string name)
    {
        var low = Run(name, Sensitivity.Low).Spikes.Select(s => s.WeekStart);
        var normal = Run(name, Sensitivity.Normal).Spikes.Select(s => s.WeekStart).ToHashSet();
        var high = Run(name, Sensitivity.High).Spikes.Select(s => s.WeekStart).ToHashSet();
        Assert.Subset(normal, low.ToHashSet());
        Assert.Subset(high, normal);
    }

    private sealed record LabelFile(IReadOnlyList<LabelProject> Projects);

    private sealed record LabelProject(string Name, string Start, string Weeks, IReadOnlyList<LabelSpike> Spikes, IReadOnlyList<LabelWeek> Borderline, IReadOnlyList<DroppedLabel>? Dropped);

    private sealed record DroppedLabel(string Week, string Was, string Reason);

    private sealed record LabelSpike(string Week, IReadOnlyList<string> Episode, string Reason);

    private sealed record LabelWeek(string Week, string Reason);
}
