using System.Globalization;
using System.Text.Json;

namespace Momentum.Engine.Tests;

/// <summary>
/// The detector on the labelled end-user series of five real CNCF histories (data/labelled-spikes.json, see its
/// README): at normal sensitivity it finds every labelled spike, raises nothing outside the labels, at most 4 alerts a
/// project-year, each with both measures and at least two organisations.
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

    [Theory]
    [MemberData(nameof(Projects))]
    public void AtNormalSensitivityEveryLabelledSpikeIsFound(string name)
    {
        var (project, spikes) = Run(name, Sensitivity.Normal);
        var weeks = spikes.Select(s => s.WeekStart).ToHashSet();
        Assert.All(project.Spikes, label => Assert.True(label.Episode.Select(Day).Any(weeks.Contains), $"{name} {label.Week} missed: {label.Reason}"));
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

    private sealed record LabelProject(string Name, string Start, string Weeks, IReadOnlyList<LabelSpike> Spikes, IReadOnlyList<LabelWeek> Borderline);

    private sealed record LabelSpike(string Week, IReadOnlyList<string> Episode, string Reason);

    private sealed record LabelWeek(string Week, string Reason);
}
