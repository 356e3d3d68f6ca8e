using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Chat;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Teams;

/// <summary>
/// Renders a <see cref="Reply"/> as an Adaptive Card 1.5 (what Teams renders): TextBlocks, a FactSet, ColumnSets for
/// the series (the sparkline as text) and tables, and card buttons as <c>Action.Execute</c> with an
/// <c>Action.Submit</c> fallback for clients without Universal Actions. The whole message activity stays under
/// 28 KB (Teams' documented limit for cards; bot messages may allow more): whatever does not fit is left out, with a
/// note saying so. Every piece of text is escaped for Teams markdown.
/// </summary>
public static class AdaptiveCardRenderer
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const int MaxActivityBytes = 28 * 1024;
    public const int MaxSummary = 250;
    public const int MaxTextBlock = 3000;
    public const int MaxFacts = 30;
    public const int MaxFactValue = 500;
    public const int MaxTableRows = 30;
    public const int MaxTableColumns = 8;
    public const int MaxCell = 40;
    public const int MaxChoices = 30;
    public const int MaxTitle = 200;
    public const int MaxSubtitle = 500;
    public const int MaxActionValue = 300;
    public const int MaxChartAltText = 1000;

    /// <summary>
    /// Card-level actions, a menu's submit button included: Teams shows six, but the Adaptive Cards parser's default host
    /// (<c>maxActions</c> 5) rejects more than five, so five keeps the card valid everywhere.
    /// </summary>
    public const int MaxActions = 5;

    private const string InputPrefix = "momentum.";

    /// <summary>What activities are serialized with: UTF-8 as is (a sparkline is 3 bytes a bar, not 6).</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A message activity carrying the card, with the reply's summary for notifications.</summary>
    public static JsonObject Message(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var summary = Reply.Truncate(reply.Summary, MaxSummary);
        var envelope = new JsonObject
        {
            ["type"] = "message",
            ["summary"] = summary,
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = ContentType, ["content"] = new JsonObject() }),
        };
        var card = Render(reply, MaxActivityBytes - Bytes(envelope));
        envelope["attachments"]![0]!["content"] = card;
        return envelope;
    }

    /// <summary>
    /// The card alone, within <paramref name="maxBytes"/> serialized (an invoke response carries just the card): the
    /// reply whole, else its first shorter telling that fits whole, else the last one with what does not fit left out.
    /// </summary>
    public static JsonObject Render(Reply reply, int maxBytes = MaxActivityBytes - 512)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.RenderFitting(telling => RenderTelling(telling, maxBytes));
    }

    private static (JsonObject Card, bool Whole) RenderTelling(Reply reply, int maxBytes)
    {
        var color = reply.Tone switch { ReplyTone.Error => "Attention", ReplyTone.Warning => "Warning", ReplyTone.Success => "Good", _ => "Default" };
        var head = new List<JsonObject>
        {
            TextBlock(Reply.Truncate(reply.Title, MaxTitle), b =>
            {
                b["weight"] = "Bolder";
                b["size"] = "Medium";
                b["color"] = color;
            }),
        };
        if (reply.Subtitle is { Length: > 0 } subtitle)
        {
            head.Add(TextBlock(Reply.Truncate(subtitle, MaxSubtitle), b =>
            {
                b["isSubtle"] = true;
                b["size"] = "Small";
                b["spacing"] = "None";
            }));
        }

        var middle = new List<JsonObject>();
        if (reply.Facts.Count > 0)
        {
            middle.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(reply.Facts.Take(MaxFacts).Select(f => (JsonNode)new JsonObject
                {
                    ["title"] = Escape(f.Label, 100),
                    ["value"] = Escape(f.Value, MaxFactValue),
                }).ToArray()),
            });
        }

        // A chart is shown by its signed URL (Teams fetches images itself; an uploaded Slack file means nothing here).
        middle.AddRange(reply.Charts.Where(c => c.Url is not null).Select(c => new JsonObject
        {
            ["type"] = "Image",
            ["url"] = c.Url!.AbsoluteUri,
            ["altText"] = Reply.Truncate(c.AltText, MaxChartAltText),
            ["size"] = "Stretch",
        }));
        foreach (var section in reply.Sections)
        {
            if (section.Heading is { Length: > 0 } heading)
            {
                middle.Add(TextBlock(heading, b => b["weight"] = "Bolder"));
            }

            var paragraphs = section.Lines.Select(l => Escape(l, MaxTextBlock)).ToList();
            if (section.Links.Count > 0)
            {
                paragraphs.AddRange(Reply.JoinWithin(section.Links.Select(l => $"[{Escape(l.Label, 100)}]({LinkTarget(l.Url)})"), " · ", MaxTextBlock));
            }

            middle.AddRange(Chunks(paragraphs).Select(text => EscapedTextBlock(text, b => b["spacing"] = "Small")));
        }

        middle.AddRange(reply.Series.Select(Series));
        if (reply.Table is { Columns.Count: > 0 } table)
        {
            middle.Add(Table(table));
        }

        var tail = new List<JsonObject>();
        if (reply.Notes.Count > 0)
        {
            tail.Add(TextBlock(Reply.Truncate(string.Join("\n\n", reply.Notes), MaxTextBlock), Subtle));
        }

        // Teams has no ephemeral replies: everything the bot posts is already in the conversation.
        var choices = reply.Choices.Where(c => c.Options.Count > 0).Take(2).ToList();
        var actions = reply.Actions.Where(a => a.Id != "post").Take(MaxActions - choices.Count)
            .Select(a => Action(a.Id, a.Label, a.Value, a.Style)).ToList();
        foreach (var choice in choices)
        {
            tail.Add(new JsonObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = InputPrefix + choice.Id,
                ["style"] = "compact",
                ["placeholder"] = Reply.Truncate(choice.Placeholder, 60),
                ["choices"] = new JsonArray(choice.Options.Take(MaxChoices).Select(o => (JsonNode)new JsonObject
                {
                    ["title"] = Reply.Truncate(o.Label, 50),
                    ["value"] = Reply.Truncate(o.Value, 120),
                }).ToArray()),
            });
            actions.Add(Action(choice.Id, choice.Placeholder.TrimEnd('…', '.', ' '), null, ReplyActionStyle.Default));
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["fallbackText"] = Escape(reply.Summary, MaxSummary),
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = new JsonArray(),
        };
        if (actions.Count > 0)
        {
            card["actions"] = new JsonArray(actions.ToArray<JsonNode>());
        }

        var leftOut = EscapedTextBlock("… more than fits in one Teams message was left out.", Subtle);
        var budget = maxBytes - Bytes(card) - head.Sum(Bytes) - tail.Sum(Bytes) - Bytes(leftOut) - 16;
        var kept = new List<JsonObject>();
        var whole = true;
        foreach (var element in middle)
        {
            var size = Bytes(element) + 1;
            if (size > budget)
            {
                kept.Add(leftOut);
                whole = false;
                break;
            }

            budget -= size;
            kept.Add(element);
        }

        var body = card["body"]!.AsArray();
        foreach (var element in head.Concat(kept).Concat(tail))
        {
            body.Add(element);
        }

        return (card, whole);
    }

    /// <summary>Serialized size in bytes, as the activity is sent.</summary>
    public static int Bytes(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Encoding.UTF8.GetByteCount(node.ToJsonString(Json));
    }

    /// <summary>
    /// A card button: <c>Action.Execute</c> (an <c>adaptiveCard/action</c> invoke whose response can replace the card),
    /// falling back to <c>Action.Submit</c> (a message carrying the data) where Universal Actions are not supported.
    /// </summary>
    private static JsonObject Action(string id, string label, string? value, ReplyActionStyle style)
    {
        JsonObject Data()
        {
            var data = new JsonObject { ["action"] = id };
            if (value is not null)
            {
                data["value"] = Reply.Truncate(value, MaxActionValue);
            }

            return data;
        }

        var title = Reply.Truncate(label, 40);
        var action = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = id,
            ["data"] = Data(),
            ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = Data() },
        };
        if (style == ReplyActionStyle.Primary)
        {
            action["style"] = "positive";
        }

        return action;
    }

    /// <summary>The card action's argument: its data's value, or the value of the input it submits (a choice).</summary>
    public static string? ActionValue(JsonElement data, string id) =>
        JsonFields.Text(data, "value") ?? JsonFields.Text(data, InputPrefix + id);

    private static JsonObject Series(ReplySeries series) => new()
    {
        ["type"] = "ColumnSet",
        ["spacing"] = "Small",
        ["columns"] = new JsonArray(
            Column("stretch", TextBlock(series.Label, b => b["size"] = "Small")),
            Column("auto", TextBlock(series.Sparkline, b =>
            {
                b["fontType"] = "Monospace";
                b["wrap"] = false;
            })),
            Column("auto", TextBlock(series.Caption, Subtle))),
    };

    /// <summary>A table as one column per table column, one unwrapped line per row, so rows line up.</summary>
    private static JsonObject Table(ReplyTable table)
    {
        var rows = table.Rows.Take(MaxTableRows).ToList();
        var columns = new JsonArray();
        for (var c = 0; c < Math.Min(table.Columns.Count, MaxTableColumns); c++)
        {
            var column = c;
            var items = new List<JsonObject>
            {
                TextBlock(table.Columns[c].Length == 0 ? " " : table.Columns[c], b =>
                {
                    b["weight"] = "Bolder";
                    b["wrap"] = false;
                }),
            };
            items.AddRange(rows.Select(r => TextBlock(column < r.Count && r[column].Length > 0 ? Reply.Truncate(r[column], MaxCell) : "—", b =>
            {
                b["wrap"] = false;
                b["spacing"] = "None";
            })));
            columns.Add(Column(c == 0 ? "auto" : "stretch", [.. items]));
        }

        var set = new JsonObject { ["type"] = "ColumnSet", ["columns"] = columns };
        return table.Rows.Count > MaxTableRows
            ? new JsonObject
            {
                ["type"] = "Container",
                ["items"] = new JsonArray(set, EscapedTextBlock($"… and {table.Rows.Count - MaxTableRows} more rows.", Subtle)),
            }
            : set;
    }

    private static JsonObject Column(string width, params JsonObject[] items) => new()
    {
        ["type"] = "Column",
        ["width"] = width,
        ["items"] = new JsonArray(items.ToArray<JsonNode>()),
    };

    private static void Subtle(JsonObject block)
    {
        block["isSubtle"] = true;
        block["size"] = "Small";
    }

    /// <summary>Paragraphs joined into TextBlocks of at most <see cref="MaxTextBlock"/> characters.</summary>
    private static IEnumerable<string> Chunks(IEnumerable<string> paragraphs)
    {
        var current = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            if (current.Length > 0 && current.Length + 2 + paragraph.Length > MaxTextBlock)
            {
                yield return current.ToString();
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append("\n\n");
            }

            current.Append(paragraph);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static JsonObject TextBlock(string plain, Action<JsonObject>? style = null) => EscapedTextBlock(Escape(plain, MaxTextBlock), style);

    private static JsonObject EscapedTextBlock(string markdown, Action<JsonObject>? style = null)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = markdown.Length == 0 ? " " : markdown, ["wrap"] = true };
        style?.Invoke(block);
        return block;
    }

    /// <summary>A URL as a markdown link target: parentheses and spaces encoded so the link cannot end early.</summary>
    private static string LinkTarget(Uri url) =>
        url.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);

    private static string Escape(string text, int max) => TeamsText.Escape(Reply.Truncate(text, max));
}
