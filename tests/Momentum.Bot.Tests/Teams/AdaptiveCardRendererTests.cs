using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Cards;
using Momentum.Bot.Commands;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Slack;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Teams;

public sealed class AdaptiveCardRendererTests
{
    private const string Hostile = "<at>Boss</at> **Corp** [click](https://evil.example) <b>x</b> & `code` _it_";

    private static JsonElement Json(JsonNode node) => JsonDocument.Parse(node.ToJsonString(AdaptiveCardRenderer.Json)).RootElement;

    private static JsonElement CardOf(JsonObject message) => Json(message).GetProperty("attachments")[0].GetProperty("content");

    /// <summary>Asserts a message activity is within 28 KB and its card has the 1.5 shape; answers the card.</summary>
    private static JsonElement AssertWithinLimits(Reply reply)
    {
        var message = AdaptiveCardRenderer.Message(reply);
        Assert.InRange(AdaptiveCardRenderer.Bytes(message), 1, AdaptiveCardRenderer.MaxActivityBytes);
        var json = Json(message);
        Assert.Equal("message", json.GetProperty("type").GetString());
        Assert.InRange(json.GetProperty("summary").GetString()!.Length, 1, AdaptiveCardRenderer.MaxSummary);
        Assert.Equal(AdaptiveCardRenderer.ContentType, json.GetProperty("attachments")[0].GetProperty("contentType").GetString());
        var card = CardOf(message);
        AdaptiveCardShape.AssertValid(card);
        return card;
    }

    private static Reply MomentumCardWithCompareMenu(ProjectReport report) => MomentumCard.Build(report, "acme/rocket", inChannel: false) with
    {
        Choices = [new ReplyChoice("compare", "Compare with…", Enumerable.Range(0, CompareCard.MaxMenuOptions).Select(i => new ReplyOption($"project-with-a-long-name-{i}", $"acme/rocket project-with-a-long-name-{i}")).ToArray())],
    };

    private static IEnumerable<string> Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Texts(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        _ => [],
    };

    private static IEnumerable<JsonElement> Elements(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => (element.TryGetProperty("type", out _) ? [element] : Array.Empty<JsonElement>()).Concat(element.EnumerateObject().SelectMany(p => Elements(p.Value))),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Elements),
        _ => [],
    };

    [Fact]
    public void TheMomentumCardForALargeReportIsACompleteCardWithinTheLimit()
    {
        var card = AssertWithinLimits(MomentumCardWithCompareMenu(BlockKitRendererTests.LargeReport()));

        var elements = Elements(card).ToList();
        Assert.Contains(elements, e => e.GetProperty("type").GetString() == "FactSet");
        Assert.Contains(elements, e => e.GetProperty("type").GetString() == "ColumnSet");
        // The sparkline is text, in a monospace TextBlock.
        Assert.Contains(elements, e => e.TryGetProperty("fontType", out var f) && f.GetString() == "Monospace" && e.GetProperty("text").GetString()!.All(c => "▁▂▃▄▅▆▇█".Contains(c)));
        Assert.Contains(Texts(card), t => t.Contains("End-user spike", StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(card), t => t.Contains("more than fits", StringComparison.Ordinal));
        // Refresh, Watch and Compare; "Post to channel" means nothing in Teams, where every answer is in the conversation.
        var verbs = card.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("verb").GetString()).ToList();
        Assert.Equal(["refresh", "watch", "compare"], verbs);
        var refresh = card.GetProperty("actions")[0];
        Assert.Equal("acme/rocket", refresh.GetProperty("data").GetProperty("value").GetString());
        Assert.Equal("refresh", refresh.GetProperty("fallback").GetProperty("data").GetProperty("action").GetString());
        var menu = Assert.Single(elements, e => e.GetProperty("type").GetString() == "Input.ChoiceSet");
        Assert.Equal("momentum.compare", menu.GetProperty("id").GetString());
        Assert.Equal(CompareCard.MaxMenuOptions, menu.GetProperty("choices").GetArrayLength());
    }

    [Fact]
    public void TheChosenCompareOptionIsTheActionsValue()
    {
        var data = JsonDocument.Parse("""{"action":"compare","momentum.compare":"acme/rocket cilium"}""").RootElement;

        Assert.Equal("acme/rocket cilium", AdaptiveCardRenderer.ActionValue(data, "compare"));
        var command = Assert.IsType<CompareCommand>(CardActions.ToCommand("compare", AdaptiveCardRenderer.ActionValue(data, "compare")!)!.Value.Command);
        Assert.Equal(["acme/rocket", "cilium"], command.Projects);
    }

    [Fact]
    public void AlertsAndWeeklySummariesGetTheirOwnCardsWithinTheLimit()
    {
        var report = BlockKitRendererTests.LargeReport();
        var spike = AssertWithinLimits(SpikeAlert.Build(report, report.Report.Spikes[^1], "acme/rocket"));
        Assert.StartsWith("End-user spike:", spike.GetProperty("body")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("card", spike.GetProperty("actions")[0].GetProperty("verb").GetString());

        var subscription = new Subscription(Platform.Teams, "t", "19:c@thread.tacv2", "infra", true, true, Sensitivity.Normal, DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", [], "u", default);
        var projects = Enumerable.Range(0, 20).Select(i => ($"p{i}", BlockKitRendererTests.LargeReport($"Project number {i} with a name"))).ToList();
        var digest = AssertWithinLimits(WeeklySummary.Build(subscription, DateOnly.FromDateTime(new DateTime(2026, 3, 9)), projects, ["a failure note"]));
        Assert.StartsWith("Weekly summary: infra", digest.GetProperty("body")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        // The summary table: one column per table column, a header and a line per project.
        var table = Elements(digest).First(e => e.GetProperty("type").GetString() == "ColumnSet" && e.GetProperty("columns").GetArrayLength() == 5);
        Assert.Equal(21, table.GetProperty("columns")[0].GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void AFiveWayComparisonFitsWithItsTable()
    {
        var names = Enumerable.Range(0, 5).Select(i => $"kubernetes-sigs/cluster-api-provider-{i}").ToArray();
        var reply = new Reply
        {
            Title = $"Compare: {string.Join(" vs ", names)}",
            Subtitle = "Last 4 complete weeks; momentum against the 12 weeks before",
            Summary = "x leads",
            Table = new ReplyTable(names.Prepend("").ToArray(), Enumerable.Range(0, 9).Select(r => (IReadOnlyList<string>)names.Select(n => $"{r * 17} rising").Prepend($"Row {r}").ToArray()).ToArray()),
            Sections = names.Select(n => new ReplySection(n, ["Why: end-user contributors 9/wk vs 4/wk; new contributors 3/wk vs 1/wk; merged PRs 12/wk vs 8/wk"])).ToArray(),
            Notes = Enumerable.Range(0, 6).Select(i => $"{names[i % 5]}: unknown affiliation 40 % of active contributors").ToArray(),
        };

        var card = AssertWithinLimits(reply);
        var table = Elements(card).Single(e => e.GetProperty("type").GetString() == "ColumnSet");
        Assert.Equal(6, table.GetProperty("columns").GetArrayLength());
    }

    [Fact]
    public void AnOversizedReplyIsCutToFitNotRefused()
    {
        var huge = OversizedReply.Create();

        var card = AssertWithinLimits(huge);
        Assert.Contains(Texts(card), t => t.Contains("more than fits in one Teams message was left out", StringComparison.Ordinal));
    }

    [Fact]
    public void UserTextIsEscapedForTeamsMarkdown()
    {
        var reply = MomentumCard.Build(BlockKitRendererTests.LargeReport(Hostile), Hostile, inChannel: true);

        var json = AdaptiveCardRenderer.Message(reply).ToJsonString(AdaptiveCardRenderer.Json);
        var card = JsonDocument.Parse(json).RootElement.GetProperty("attachments")[0].GetProperty("content");
        var visible = string.Join('\n', Texts(card.GetProperty("body")));
        Assert.DoesNotContain("<at>", visible, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", visible, StringComparison.Ordinal);
        Assert.DoesNotContain("**Corp**", visible, StringComparison.Ordinal);
        Assert.DoesNotContain("[click](", visible, StringComparison.Ordinal);
        Assert.Contains(@"&lt;at&gt;Boss&lt;/at&gt; \*\*Corp\*\* \[click\](https://evil.example) &lt;b&gt;x&lt;/b&gt; &amp; \`code\` \_it\_", visible, StringComparison.Ordinal);
    }

    [Fact]
    public void LinksKeepTheirMarkdownButNotTheirLabelsTricks()
    {
        var reply = Reply.Text("t") with
        {
            Sections = [new ReplySection("h", ["line"]) { Links = [new ReplyLink("[x](https://evil)", new Uri("https://github.com/o/r/pulls?q=is:pr (a)"))] }],
        };

        var texts = Texts(CardOf(AdaptiveCardRenderer.Message(reply))).ToList();
        Assert.Contains(@"line" + "\n\n" + @"[\[x\](https://evil)](https://github.com/o/r/pulls?q=is:pr%20%28a%29)", texts);
    }

    [Theory]
    [InlineData(ReplyTone.Error, "Attention")]
    [InlineData(ReplyTone.Warning, "Warning")]
    [InlineData(ReplyTone.Success, "Good")]
    [InlineData(ReplyTone.Normal, "Default")]
    public void TheTitleCarriesTheTone(ReplyTone tone, string color)
    {
        var card = AssertWithinLimits(Reply.Text("Title", "line") with { Tone = tone });
        Assert.Equal(color, card.GetProperty("body")[0].GetProperty("color").GetString());
    }

    [Theory]
    [InlineData("help")]
    [InlineData("compare a b")]
    [InlineData("vendor x add")]
    [InlineData("")]
    public void EveryRepliesKindRendersWithinLimits(string text)
    {
        var reply = CommandParser.Parse(text) switch
        {
            InvalidCommand invalid => Reply.Error("That didn't parse", invalid.Message, invalid.Usage),
            _ => Reply.Text("Title", "line one", "line two"),
        };
        AssertWithinLimits(reply);
    }
}
