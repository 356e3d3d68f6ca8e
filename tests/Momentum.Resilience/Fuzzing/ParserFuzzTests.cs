using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.WebUtilities;
using Momentum.Bot.Commands;
using Momentum.Bot.Slack;
using Momentum.Bot.Teams;

namespace Momentum.Resilience.Fuzzing;

/// <summary>The readers that see untrusted text first, fuzzed directly: thousands of inputs a second.</summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void TheCommandParserAnswersEveryTextWithACommand()
    {
        FuzzBudget.Report(output, FuzzBudget.Run("command parser", Inputs.CommandText, text =>
        {
            var command = CommandParser.Parse(text);
            Assert.NotNull(command);
            if (command is InvalidCommand invalid)
            {
                Assert.False(string.IsNullOrWhiteSpace(invalid.Message), "an invalid command says what is wrong");
                Assert.False(string.IsNullOrWhiteSpace(invalid.Usage), "an invalid command shows the usage");
            }

            // The same words after "/momentum" mean the same command (Slack mentions and the playground accept both).
            var tokens = CommandParser.Tokenize(text);
            if (text.Length + 10 <= CommandParser.MaxLength && (tokens.Count == 0 || !tokens[0].Equals("/momentum", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.Equal(command.GetType(), CommandParser.Parse("/momentum " + text).GetType());
            }
        }, text => JsonSerializer.Serialize(text)));
    }

    [Fact]
    public void CardActionsAcceptAnyIdAndValue()
    {
        var ids = Gen.Frequency(Inputs.W(3, Gen.OneOf("refresh", "post", "watch", "compare", "momentum", "vendor", "unwatch", "")), Inputs.W(1, Inputs.CommandText));
        FuzzBudget.Report(output, FuzzBudget.Run("card actions", Gen.Select(ids, Inputs.CommandText), t =>
        {
            if (CardActions.ToCommand(t.Item1, t.Item2) is { } action)
            {
                Assert.NotNull(action.Command);
            }
        }, t => JsonSerializer.Serialize(new[] { t.Item1, t.Item2 })));
    }

    [Fact]
    public void TheSlashCommandFormReaderTakesAnyForm()
    {
        var fields = Gen.OneOf("team_id", "enterprise_id", "channel_id", "user_id", "text", "response_url", "ssl_check", "command", "payload", "%zz", "");
        var forms = Gen.Select(fields, Inputs.CommandText).Array[0, 12]
            .Select(pairs => string.Join('&', pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2.Replace("\ud800", "", StringComparison.Ordinal).Replace("\udfff", "", StringComparison.Ordinal))}")));
        var raw = Gen.Frequency(Inputs.W(3, forms), Inputs.W(1, Inputs.CommandText));
        FuzzBudget.Report(output, FuzzBudget.Run("slash-command form", raw, body =>
        {
            var form = QueryHelpers.ParseQuery(body);
            var slash = SlashCommand.From(name => form.TryGetValue(name, out var v) ? v.ToString() : null);
            Assert.NotNull(slash.Text);
            if (slash.ResponseUrl is { } url)
            {
                Assert.True(url.IsAbsoluteUri);
            }
        }, body => JsonSerializer.Serialize(body)));
    }

    [Fact]
    public void TheTeamsActivityReaderTakesAnyJson()
    {
        var seeds = Seeds.TeamsActivities().Select(a => (JsonNode)a).ToArray();
        var documents = Gen.OneOf(seeds).SelectMany(Inputs.Mutations);
        FuzzBudget.Report(output, FuzzBudget.Run("Teams activity reader", documents, node =>
        {
            // The endpoint parses with System.Text.Json's limits (depth 64); deeper documents never reach the reader.
            if (!TryParse(node.ToJsonString(), out var document))
            {
                return;
            }

            using var parsed = document;
            var activity = TeamsActivity.Parse(document.RootElement);
            if (activity is not null)
            {
                Assert.False(string.IsNullOrEmpty(activity.Type));
                _ = activity.Channel;
                _ = activity.IsFromBot;
                _ = activity.AddsBot;
            }
        }, node => node.ToJsonString()));
    }

    private static bool TryParse(string json, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }
}
