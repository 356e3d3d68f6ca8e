using Momentum.Bot.Cards;
using Momentum.Bot.Tests.Slack;

namespace Momentum.Bot.Tests.Cards;

/// <summary>How a spike is told: both measures, every contributor in the links, titles that match their counts.</summary>
public sealed class SpikeEvidenceTests
{
    [Fact]
    public void TheLinksSearchForEveryEndUserContributorWithinGitHubsQueryLimit()
    {
        var report = BlockKitRendererTests.LargeReport();
        var spike = report.Report.Spikes[^1];
        Assert.Equal(61, spike.Contributors.Count);

        var links = SpikeEvidence.Links(report.Repositories, spike).ToList();
        var queries = links.Select(l => Uri.UnescapeDataString(l.Url.Query[(l.Url.Query.IndexOf("q=", StringComparison.Ordinal) + 2)..])).ToList();
        Assert.True(links.Count > 2);
        Assert.All(queries, q => Assert.InRange(q.Length, 1, SpikeEvidence.MaxQueryLength));
        Assert.All(queries, q => Assert.StartsWith("repo:acme/rocket repo:acme/booster is:pr created:", q, StringComparison.Ordinal));
        var authors = queries.SelectMany(q => q.Split(' ')).Where(t => t.StartsWith("author:", StringComparison.Ordinal)).Select(t => t["author:".Length..]).ToList();
        Assert.Equal(spike.Contributors.Order(StringComparer.Ordinal), authors.Order(StringComparer.Ordinal));
        // The last link widens the search to every pull request of the week.
        Assert.DoesNotContain("author:", queries[^1], StringComparison.Ordinal);
        Assert.StartsWith("All PRs opened in the week of", links[^1].Label, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineNamesBothMeasuresAndTheOrganisationsWithTheirContributors()
    {
        var spike = BlockKitRendererTests.LargeReport().Report.Spikes[^1];
        var line = SpikeEvidence.Line(spike);
        Assert.Contains("61 end-user contributors vs 20 ± 0 a week (p = < 0.001; +41, needs +10)", line, StringComparison.Ordinal);
        Assert.Contains("end-user organisations vs 20 ± 0 a week", line, StringComparison.Ordinal);
        // company0.io is spiker0's bare mail domain and nobody else's that week: unverified.
        Assert.Contains("company0.io (spiker0; unverified)", line, StringComparison.Ordinal);
        Assert.Contains(" · +49 organisations (49 contributors)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCardsSpikeSectionTitleCountsItsWeeksAndLinksEachWeek()
    {
        var report = BlockKitRendererTests.LargeReport();
        var card = MomentumCard.Build(report, "acme/rocket", inChannel: false);
        var section = Assert.Single(card.Sections, s => s.Heading?.StartsWith("End-user spike", StringComparison.Ordinal) == true);
        var recent = report.Report.Spikes.Where(s => s.WeekStart >= report.Report.Window.Start).ToList();
        Assert.Equal(recent.Count == 1 ? "End-user spike week" : $"End-user spike weeks ({recent.Count})", section.Heading);
        Assert.Equal(recent.Count, section.Lines.Count);
        Assert.All(recent, s => Assert.Contains(section.Links, l => l.Label.Contains(s.WeekStart.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
    }
}
