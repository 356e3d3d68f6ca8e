using System.Text.Json.Nodes;
using Momentum.Bot.Cards;
using Momentum.Bot.Reports;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Slack;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Slack;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Cards;

/// <summary>
/// A weekly summary too big for one message is told shorter, least important detail first (spike evidence beyond the
/// first organisations, then the measures, then whole lists): its table stays, it says what it left out and where to
/// get it, within Teams' 28 KB and Slack's 50 blocks, valid by the platforms' own validators.
/// </summary>
public sealed class WeeklySummaryFitTests
{
    private static readonly DateOnly Week = new(2026, 3, 9);

    private static Subscription Subscription(Platform platform) =>
        new(platform, "t", "C1", "infra", true, true, Sensitivity.Normal, DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", [], "u", default);

    /// <summary>A large report whose spike has grown long evidence: many organisations with long names, some unverified.</summary>
    private static (string, ProjectReport) LongEvidence(int i)
    {
        var report = BlockKitRendererTests.LargeReport($"Project number {i} with a name");
        var spike = report.Report.Spikes[^1];
        var organizations = Enumerable.Range(0, 40).Select(o => new SpikeOrganization($"A Rather Long Organisation Name Number {o} Incorporated", 2)
        {
            Members = [$"first-member-{o}-of-project-{i}", $"second-member-{o}-of-project-{i}"],
            Unverified = o % 2 == 0,
        }).ToArray();
        var grown = spike with { Organizations = [.. organizations, .. spike.Organizations] };
        return ($"p{i}", report with { Report = report.Report with { Spikes = [.. report.Report.Spikes.SkipLast(1), grown] } });
    }

    private static List<(string, ProjectReport)> TwentyProjects() => Enumerable.Range(0, 20).Select(LongEvidence).ToList();

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        JsonObject o => o.SelectMany(p => Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        _ => [],
    };

    [Fact]
    public async Task TwentyLargeReportsKeepTheirTableWithinTeamsLimitAndSayWhatWasLeftOut()
    {
        var summary = WeeklySummary.Build(Subscription(Platform.Teams), Week, TwentyProjects(), []);
        Assert.Contains(summary.Sections, s => s.Lines.Any(l => l.Contains("first-member-5-of-project-0", StringComparison.Ordinal)));

        var message = AdaptiveCardRenderer.Message(summary);

        Assert.InRange(AdaptiveCardRenderer.Bytes(message), 1, AdaptiveCardRenderer.MaxActivityBytes);
        var card = message["attachments"]![0]!["content"]!;
        var texts = Texts(card).ToList();
        // The table: five columns, a header and a line per project.
        var table = card["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "ColumnSet" && e["columns"]!.AsArray().Count == 5)!;
        Assert.Equal(21, table["columns"]![0]!["items"]!.AsArray().Count);
        Assert.Contains(texts, t => t.Contains("Shortened to fit one message", StringComparison.Ordinal) && t.Contains("shows the full evidence", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("more than fits", StringComparison.Ordinal));
        // Every project's spike is still there, told shorter.
        Assert.All(Enumerable.Range(0, 20), i => Assert.Contains(texts, t => t.Contains($"Project number {i} with a name", StringComparison.Ordinal) && t.Contains("end-user contributors", StringComparison.Ordinal)));
        Assert.DoesNotContain(texts, t => t.Contains("first-member-5-of-project-0", StringComparison.Ordinal));

        using var validators = new CardValidators();
        validators.AddAdaptiveCard("summary-long-evidence", card);
        validators.AddBlockKit("summary-long-evidence", SlackMessages.Message(summary));
        var (exitCode, output) = await validators.RunAsync();
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void TheShorterTellingsDropDetailInTheDocumentedOrder()
    {
        var summary = WeeklySummary.Build(Subscription(Platform.Teams), Week, TwentyProjects(), []);

        var tellings = summary.Tellings().ToList();
        Assert.Equal(Enum.GetValues<WeeklySummary.Detail>().Length, tellings.Count);
        var sizes = tellings.Select(t => t.Sections.Sum(s => s.Lines.Sum(l => l.Length))).ToList();
        Assert.Equal(sizes.OrderDescending(), sizes);
        Assert.DoesNotContain(tellings[0].Notes, n => n.StartsWith("Shortened", StringComparison.Ordinal));
        Assert.All(Enum.GetValues<WeeklySummary.Detail>().Skip(1), d => Assert.Equal(WeeklySummary.LeftOut(d), tellings[(int)d].Notes[0]));
        Assert.All(tellings, t => Assert.Equal(summary.Table, t.Table));
        // First the evidence beyond the first organisations, then the measures.
        var spikes = tellings.Take(3).Select(t => t.Sections.Single(s => s.Heading == "End-user spikes this week").Lines[0]).ToList();
        Assert.Contains("A Rather Long Organisation Name Number 5 ", spikes[0], StringComparison.Ordinal);
        Assert.DoesNotContain("A Rather Long Organisation Name Number 5 ", spikes[1], StringComparison.Ordinal);
        Assert.Contains("p = ", spikes[1], StringComparison.Ordinal);
        Assert.DoesNotContain("p = ", spikes[2], StringComparison.Ordinal);
        Assert.Contains("Number 0 Incorporated (unverified)", spikes[2], StringComparison.Ordinal);
    }

    [Fact]
    public void ASummaryThatFitsIsShownWhole()
    {
        var summary = WeeklySummary.Build(Subscription(Platform.Teams), Week, TwentyProjects().Take(2).ToList(), []);

        var teams = Texts(AdaptiveCardRenderer.Message(summary)).ToList();
        var slack = Texts(SlackMessages.Message(summary)).ToList();

        Assert.Contains(teams, t => t.Contains("first-member-5-of-project-1", StringComparison.Ordinal));
        Assert.DoesNotContain(teams, t => t.Contains("Shortened to fit", StringComparison.Ordinal));
        Assert.Contains(slack, t => t.Contains("first-member-5-of-project-1", StringComparison.Ordinal));
        Assert.DoesNotContain(slack, t => t.Contains("Shortened to fit", StringComparison.Ordinal));
    }

    [Fact]
    public void ManyFollowedTopicsKeepTheTableWithinSlacksFiftyBlocks()
    {
        var topics = Enumerable.Range(0, 60).Select(t => new TopicEntrants($"topic-{t}",
            [new DiscoveredProject($"niche/candidate-{t}", 100, 4, 3, 1.5, 9, Stage.Breakout, "breakout", "end-user activity +150%")])).ToList();
        var summary = WeeklySummary.Build(Subscription(Platform.Slack), Week, TwentyProjects().Take(3).ToList(), [], topics);

        var message = SlackMessages.Message(summary);

        var blocks = message["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 1, BlockKitRenderer.MaxBlocks);
        var texts = Texts(message).ToList();
        Assert.Contains(texts, t => t.StartsWith("```", StringComparison.Ordinal) && t.Contains("score", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("Shortened to fit one message", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("topic:topic-59", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("more than fits", StringComparison.Ordinal));
    }
}
