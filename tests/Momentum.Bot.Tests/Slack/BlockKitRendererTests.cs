using System.Text.Json.Nodes;
using Momentum.Bot.Cards;
using Momentum.Bot.Commands;
using Momentum.Bot.Reports;
using Momentum.Bot.Slack;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Slack;

public sealed class BlockKitRendererTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 18, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A real report: 40 weeks, many organisations (some with hostile names), a spike in the window.</summary>
    internal static ProjectReport LargeReport(string hostileName = "<!channel> & <@U123|boss> Corp")
    {
        var builder = new ActivityLedgerBuilder(Week.Of(Now).Plus(-40));
        for (var w = 40; w >= 2; w--)
        {
            for (var i = 0; i < 30; i++)
            {
                builder.Add(new ContributionEvent($"dev{i}", i < 10 ? "gmail.com" : $"org{i}.com", false, ContributionKind.Commit, Week.Of(Now).Plus(-w).StartInstant.AddHours(30)));
            }
        }

        for (var i = 0; i < 60; i++)
        {
            builder.Add(new ContributionEvent($"spiker{i}", $"company{i}.io", false, ContributionKind.Commit, Week.Of(Now).Plus(-1).StartInstant.AddHours(30)));
        }

        builder.Add(new ContributionEvent("mallory", "evil.example.org", false, ContributionKind.Commit, Week.Of(Now).Plus(-1).StartInstant.AddHours(30)));
        var vendors = new[] { new Organization("Isovalent", ["isovalent.com"]) };
        var profiles = new Dictionary<string, ProfileFacts> { ["mallory"] = new(hostileName, false) };
        var context = new ClassificationContext(new AffiliationResolver(vendors), new VendorSet(vendors), overrides: new Dictionary<string, string> { ["mallory"] = hostileName }, profiles: profiles);
        var report = MomentumCalculator.Compute(builder.Build(), context, Now);
        return new ProjectReport(hostileName, ["acme/rocket", "acme/booster"], Now, 123456, [new Organization("Isovalent", ["isovalent.com"])], VendorSource.Catalog, report, ["A note about <b>things</b> & <!here>"]);
    }

    private static void AssertWithinLimits(JsonObject message)
    {
        var blocks = message["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 1, BlockKitRenderer.MaxBlocks);
        Assert.InRange(message["text"]!.GetValue<string>().Length, 1, 3000);
        foreach (var block in blocks.Select(b => b!.AsObject()))
        {
            switch (block["type"]!.GetValue<string>())
            {
                case "header":
                    Assert.InRange(block["text"]!["text"]!.GetValue<string>().Length, 1, BlockKitRenderer.MaxHeader);
                    break;
                case "section":
                    if (block["text"] is { } text)
                    {
                        Assert.InRange(text["text"]!.GetValue<string>().Length, 1, BlockKitRenderer.MaxSectionText);
                    }

                    if (block["fields"] is JsonArray fields)
                    {
                        Assert.InRange(fields.Count, 1, BlockKitRenderer.MaxFields);
                        Assert.All(fields, f => Assert.InRange(f!["text"]!.GetValue<string>().Length, 1, BlockKitRenderer.MaxFieldText));
                    }

                    break;
                case "context":
                    Assert.InRange(block["elements"]!.AsArray().Count, 1, BlockKitRenderer.MaxContextElements);
                    break;
                case "actions":
                    Assert.InRange(block["elements"]!.AsArray().Count, 1, 25);
                    Assert.All(block["elements"]!.AsArray(), e => Assert.InRange(e!["action_id"]!.GetValue<string>().Length, 1, 255));
                    break;
                default:
                    Assert.Fail($"Unexpected block type {block["type"]}");
                    break;
            }
        }
    }

    [Fact]
    public void TheMomentumCardForALargeReportStaysWithinSlacksLimits()
    {
        var reply = MomentumCard.Build(LargeReport(), "acme", inChannel: false);
        var message = BlockKitRenderer.Render(reply);
        AssertWithinLimits(message);
        var json = message.ToJsonString();
        Assert.True(json.Contains("End-user spike", StringComparison.Ordinal), json);
        Assert.Contains("momentum.refresh", json, StringComparison.Ordinal);
        Assert.Contains("momentum.post", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOversizedReplyIsCutToFitNotRefused()
    {
        var huge = OversizedReply.Create();

        AssertWithinLimits(BlockKitRenderer.Render(huge));
    }

    [Fact]
    public void UserTextIsEscapedSoNothingCanMentionPeopleOrChannels()
    {
        var message = BlockKitRenderer.Render(MomentumCard.Build(LargeReport(), "<!everyone>", inChannel: true)).ToJsonString();
        Assert.DoesNotContain("<!channel>", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U123", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", message, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &amp; &lt;@U123|boss&gt; Corp", System.Text.RegularExpressions.Regex.Unescape(message), StringComparison.Ordinal);
    }

    [Fact]
    public void LinksKeepTheirMarkupButNotTheirLabelsTricks()
    {
        var reply = Reply.Text("t") with
        {
            Sections = [new ReplySection("h", ["line"]) { Links = [new ReplyLink("<!channel>", new Uri("https://github.com/o/r/pulls?q=a&b"))] }],
        };
        var text = BlockKitRenderer.Render(reply)["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()).First(t => t?.Contains("github", StringComparison.Ordinal) == true)!;
        Assert.Equal("*h*\nline\n<https://github.com/o/r/pulls?q=a&amp;b|&lt;!channel&gt;>", text);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("compare a b")]
    [InlineData("vendor x add")]
    public void EveryRepliesKindRendersWithinLimits(string text)
    {
        var reply = CommandParser.Parse(text) switch
        {
            InvalidCommand invalid => Reply.Error("That didn't parse", invalid.Message, invalid.Usage),
            _ => Reply.Text("Title", "line one", "line two"),
        };
        AssertWithinLimits(BlockKitRenderer.Render(reply));
    }
}
