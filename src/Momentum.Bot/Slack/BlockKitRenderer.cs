using System.Text;
using System.Text.Json.Nodes;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Slack;

/// <summary>
/// Renders a <see cref="Reply"/> as Slack Block Kit within Slack's limits (≤ 50 blocks, section text ≤ 3,000
/// characters, ≤ 10 fields of ≤ 2,000, header ≤ 150, ≤ 10 context elements), with a plain-text fallback. Every piece
/// of text is escaped, so nothing in a reply can mention people or channels.
/// </summary>
public static class BlockKitRenderer
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3000;
    public const int MaxFields = 10;
    public const int MaxFieldText = 2000;
    public const int MaxHeader = 150;
    public const int MaxContextElements = 10;
    public const int MaxButtonText = 75;
    public const int MaxOptions = 100;
    public const int MaxOptionText = 75;
    public const int MaxOptionValue = 150;
    public const string ActionPrefix = "momentum.";
    public const int MaxImageText = 2000;

    /// <summary>
    /// The message body: <c>text</c> (fallback and notification) and <c>blocks</c>; the reply whole, else its first
    /// shorter telling that fits whole, else the last one with what does not fit left out.
    /// </summary>
    public static JsonObject Render(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.RenderFitting(RenderTelling);
    }

    private static (JsonObject Message, bool Whole) RenderTelling(Reply reply)
    {
        var blocks = new List<JsonObject>();
        var marker = reply.Tone switch { ReplyTone.Error => "⚠ ", ReplyTone.Warning => "⚠ ", ReplyTone.Success => "✓ ", _ => "" };
        blocks.Add(new JsonObject
        {
            ["type"] = "header",
            ["text"] = PlainText(Reply.Truncate(marker + reply.Title, MaxHeader)),
        });
        if (reply.Subtitle is { Length: > 0 } subtitle)
        {
            blocks.Add(Context([SlackText.Escape(subtitle)]));
        }

        foreach (var fields in reply.Facts.Chunk(MaxFields))
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray(fields.Select(f => (JsonNode)Mrkdwn(Reply.Truncate($"*{SlackText.Escape(f.Label)}*\n{SlackText.Escape(f.Value)}", MaxFieldText))).ToArray()),
            });
        }

        blocks.AddRange(reply.Charts.Select(Image).OfType<JsonObject>());
        foreach (var section in reply.Sections)
        {
            var text = new StringBuilder();
            if (section.Heading is { Length: > 0 } heading)
            {
                text.Append('*').Append(SlackText.Escape(heading)).Append("*\n");
            }

            text.AppendJoin('\n', section.Lines.Select(SlackText.Escape));
            if (section.Links.Count > 0)
            {
                // Links go on as many lines as they need, so a long list is split between sections, never cut mid-link.
                foreach (var line in Reply.JoinWithin(section.Links.Select(l => $"<{SlackText.EscapeUrl(l.Url.AbsoluteUri)}|{SlackText.Escape(l.Label)}>"), " · ", MaxSectionText))
                {
                    text.Append('\n').Append(line);
                }
            }

            blocks.AddRange(Sections(text.ToString()));
        }

        if (reply.Series.Count > 0)
        {
            var lines = reply.Series.Select(s =>
                $"*{SlackText.Escape(s.Label)}*\n`{s.Sparkline}`  {s.Caption}");
            blocks.AddRange(Sections(string.Join('\n', lines)));
        }

        if (reply.Table is { } table)
        {
            blocks.AddRange(Sections("```\n" + SlackText.Escape(Monospace(table)) + "\n```"));
        }

        var elements = new List<JsonObject>();
        foreach (var action in reply.Actions.Take(20))
        {
            var button = new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = ActionPrefix + action.Id,
                ["text"] = PlainText(Reply.Truncate(action.Label, MaxButtonText)),
                ["value"] = Reply.Truncate(action.Value, 2000),
            };
            if (action.Style == ReplyActionStyle.Primary)
            {
                button["style"] = "primary";
            }

            elements.Add(button);
        }

        foreach (var choice in reply.Choices.Take(5))
        {
            elements.Add(new JsonObject
            {
                ["type"] = "static_select",
                ["action_id"] = ActionPrefix + choice.Id,
                ["placeholder"] = PlainText(Reply.Truncate(choice.Placeholder, MaxButtonText)),
                ["options"] = new JsonArray(choice.Options.Take(MaxOptions).Select(o => (JsonNode)new JsonObject
                {
                    ["text"] = PlainText(Reply.Truncate(o.Label, MaxOptionText)),
                    ["value"] = Reply.Truncate(o.Value, MaxOptionValue),
                }).ToArray()),
            });
        }

        var tail = new List<JsonObject>();
        if (reply.Notes.Count > 0)
        {
            // At most ten elements: the tenth carries whatever did not fit.
            var notes = reply.Notes.Select(SlackText.Escape).ToList();
            if (notes.Count > MaxContextElements)
            {
                notes = [.. notes.Take(MaxContextElements - 1), string.Join(" ", notes.Skip(MaxContextElements - 1))];
            }

            tail.Add(Context(notes.Select(n => Reply.Truncate(n, MaxFieldText)).ToList()));
        }

        if (elements.Count > 0)
        {
            tail.Add(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(elements.ToArray()) });
        }

        var whole = blocks.Count + tail.Count <= MaxBlocks;
        if (!whole)
        {
            blocks = blocks.Take(MaxBlocks - tail.Count - 1).ToList();
            blocks.Add(Context(["… more than fits in one Slack message was left out."]));
        }

        blocks.AddRange(tail);
        return (new JsonObject
        {
            ["text"] = Reply.Truncate(SlackText.Escape(reply.Summary), MaxSectionText),
            ["blocks"] = new JsonArray(blocks.ToArray()),
        }, whole);
    }

    /// <summary>Section blocks for a text, split on line boundaries so none passes 3,000 characters.</summary>
    private static IEnumerable<JsonObject> Sections(string text)
    {
        var current = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (current.Length > 0 && current.Length + 1 + line.Length > MaxSectionText)
            {
                yield return Section(current.ToString());
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append('\n');
            }

            current.Append(Reply.Truncate(line, MaxSectionText));
        }

        if (current.Length > 0)
        {
            yield return Section(current.ToString());
        }
    }

    /// <summary>A delivered chart as an image block: by its signed URL, or by the Slack file it was uploaded as.</summary>
    private static JsonObject? Image(ReplyChart chart)
    {
        var block = new JsonObject { ["type"] = "image" };
        if (chart.Url is { } url)
        {
            block["image_url"] = url.AbsoluteUri;
        }
        else if (chart.SlackFileId is { } file)
        {
            block["slack_file"] = new JsonObject { ["id"] = file };
        }
        else
        {
            return null;
        }

        block["alt_text"] = Reply.Truncate(chart.AltText, MaxImageText);
        block["title"] = PlainText(Reply.Truncate(chart.Title, MaxImageText));
        return block;
    }

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = Mrkdwn(text) };

    private static JsonObject Context(IReadOnlyList<string> texts) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(texts.Take(MaxContextElements).Select(t => (JsonNode)Mrkdwn(t)).ToArray()),
    };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text.Length == 0 ? " " : text };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text.Length == 0 ? " " : text, ["emoji"] = true };

    internal static string Monospace(ReplyTable table)
    {
        var rows = table.Rows.Prepend(table.Columns).ToList();
        var widths = Enumerable.Range(0, table.Columns.Count)
            .Select(c => Math.Min(24, rows.Max(r => c < r.Count ? r[c].Length : 0)))
            .ToArray();
        return string.Join('\n', rows.Select(r => string.Join("  ", r.Select((cell, c) => Reply.Truncate(cell, widths[c]).PadRight(widths[c]))).TrimEnd()));
    }
}
