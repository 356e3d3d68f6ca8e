using System.Text.Json.Serialization;

namespace Momentum.Bot.Chat;

public enum ReplyTone
{
    Normal,
    Success,
    Warning,
    Error,
}

public enum ReplyActionStyle
{
    Default,
    Primary,
}

/// <summary>A label and its value ("Active contributors (4 wk)", "120 · +15 % vs 104").</summary>
public sealed record ReplyFact(string Label, string Value);

/// <summary>A titled block of lines, with links shown after them.</summary>
public sealed record ReplySection(string? Heading, IReadOnlyList<string> Lines)
{
    public IReadOnlyList<ReplyLink> Links { get; init; } = [];
}

public sealed record ReplyLink(string Label, Uri Url);

/// <summary>A weekly series, drawn as a Unicode sparkline by every renderer.</summary>
public sealed record ReplySeries(string Label, IReadOnlyList<int> Values)
{
    [JsonIgnore]
    public string Sparkline => Chat.Sparkline.Of(Values);

    /// <summary>"max M, latest N": the scale the sparkline alone does not show.</summary>
    [JsonIgnore]
    public string Caption => Values.Count == 0 ? "max 0, latest 0" : $"max {Values.Max()}, latest {Values[^1]}";
}

/// <summary>A button. <see cref="Id"/> names the action (refresh, post, watch…); <see cref="Value"/> carries its argument.</summary>
public sealed record ReplyAction(string Id, string Label, string Value, ReplyActionStyle Style = ReplyActionStyle.Default);

/// <summary>A pick-one menu (e.g. "Compare with…"): choosing an option runs <see cref="Id"/> with its value.</summary>
public sealed record ReplyChoice(string Id, string Placeholder, IReadOnlyList<ReplyOption> Options);

public sealed record ReplyOption(string Label, string Value);

public sealed record ReplyTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The same reply told shorter: its sections and notes with less detail, the notes saying what was left out and where to get it.</summary>
public sealed record ReplyShortening(IReadOnlyList<ReplySection> Sections, IReadOnlyList<string> Notes);

/// <summary>
/// What a command or a scheduled message says, independent of any chat platform. All text is plain: renderers escape it
/// for their platform (Slack mrkdwn, Teams markdown, HTML) and decide how to emphasise it. A reply is immutable, so a
/// renderer may keep what it rendered for the same reply object.
/// </summary>
public sealed record Reply
{
    public required string Title { get; init; }

    public string? Subtitle { get; init; }

    public ReplyTone Tone { get; init; }

    /// <summary>A one-line summary: notification text and the fallback where rich rendering is not shown.</summary>
    public required string Summary { get; init; }

    public IReadOnlyList<ReplySection> Sections { get; init; } = [];

    public IReadOnlyList<ReplyFact> Facts { get; init; } = [];

    public IReadOnlyList<ReplySeries> Series { get; init; } = [];

    public ReplyTable? Table { get; init; }

    /// <summary>Pictures of the same numbers (the series and table stay as the text fallback).</summary>
    public IReadOnlyList<ReplyChart> Charts { get; init; } = [];

    /// <summary>Data-quality notes and caveats, shown small.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public IReadOnlyList<ReplyAction> Actions { get; init; } = [];

    public IReadOnlyList<ReplyChoice> Choices { get; init; } = [];

    /// <summary>Visible to the whole channel (else only to whoever asked, where the platform allows).</summary>
    public bool InChannel { get; init; }

    /// <summary>
    /// Shorter tellings of <see cref="Sections"/> and <see cref="Notes"/>, least detail last. A renderer whose platform
    /// cannot show this reply whole takes the first telling that fits (see <see cref="Tellings"/>), so the least important
    /// detail goes first and the rest (a table, the chart, the actions) stays; only when none fits does it cut the last.
    /// </summary>
    public IReadOnlyList<ReplyShortening> Shorter { get; init; } = [];

    /// <summary>This reply, then each of its <see cref="Shorter"/> tellings as a reply of its own.</summary>
    public IEnumerable<Reply> Tellings()
    {
        yield return this;
        foreach (var shorter in Shorter)
        {
            yield return this with { Sections = shorter.Sections, Notes = shorter.Notes, Shorter = [] };
        }
    }

    /// <summary>
    /// A platform's rendering of the first telling that fits whole (<paramref name="render"/> says whether it did), else
    /// of the last one, with what does not fit left out.
    /// </summary>
    public T RenderFitting<T>(Func<Reply, (T Rendered, bool Whole)> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        var rendered = default(T)!;
        foreach (var telling in Tellings())
        {
            (rendered, var whole) = render(telling);
            if (whole)
            {
                break;
            }
        }

        return rendered;
    }

    public static Reply Error(string title, string detail, params string[] notes) => new()
    {
        Title = title,
        Tone = ReplyTone.Error,
        Summary = $"{title}: {detail}",
        Sections = [new ReplySection(null, [detail])],
        Notes = notes,
    };

    public static Reply Text(string title, params string[] lines) => new()
    {
        Title = title,
        Summary = lines.Length > 0 ? $"{title}: {lines[0]}" : title,
        Sections = [new ReplySection(null, lines)],
    };

    public static Reply Done(string title, string line) => new()
    {
        Title = title,
        Tone = ReplyTone.Success,
        Summary = $"{title}: {line}",
        Sections = [new ReplySection(null, [line])],
    };

    /// <summary>The host cannot take more work right now.</summary>
    public static Reply Busy() => Error("Busy", "Too much work is under way right now; try again in a minute.");

    /// <summary>Cuts text to at most <paramref name="max"/> characters, marking the cut with an ellipsis.</summary>
    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>Joins items with a separator into as few lines as keep each within <paramref name="max"/> characters (an item is never split).</summary>
    public static IEnumerable<string> JoinWithin(IEnumerable<string> items, string separator, int max)
    {
        ArgumentNullException.ThrowIfNull(items);
        var line = new System.Text.StringBuilder();
        foreach (var item in items)
        {
            if (line.Length > 0 && line.Length + separator.Length + item.Length > max)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? separator : "").Append(item);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}

public static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>One Unicode block per value, scaled to the largest; all-zero series draw flat.</summary>
    public static string Of(IReadOnlyList<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var max = values.Count == 0 ? 0 : values.Max();
        return string.Concat(values.Select(v => max <= 0 ? Blocks[0] : Blocks[(int)Math.Round((double)Math.Max(v, 0) / max * (Blocks.Length - 1))]));
    }
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Reply))]
public sealed partial class ReplyJsonContext : JsonSerializerContext;
