namespace Momentum.Bot.Commands;

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
    [System.Text.Json.Serialization.JsonIgnore]
    public string Sparkline => Commands.Sparkline.Of(Values);

    /// <summary>"latest N, max M": what the sparkline alone does not say.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Caption => Values.Count == 0 ? "latest 0, max 0" : $"latest {Values[^1]}, max {Values.Max()}";
}

/// <summary>A button. <see cref="Id"/> names the action (refresh, post, watch…); <see cref="Value"/> carries its argument.</summary>
public sealed record ReplyAction(string Id, string Label, string Value, ReplyActionStyle Style = ReplyActionStyle.Default);

/// <summary>A pick-one menu (e.g. "Compare with…"): choosing an option runs <see cref="Id"/> with its value.</summary>
public sealed record ReplyChoice(string Id, string Placeholder, IReadOnlyList<ReplyOption> Options);

public sealed record ReplyOption(string Label, string Value);

public sealed record ReplyTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// What a command answers, independent of any chat platform. All text is plain: renderers escape it for their
/// platform (Slack mrkdwn, Teams markdown, HTML) and decide how to emphasise it.
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

    /// <summary>Data-quality notes and caveats, shown small.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public IReadOnlyList<ReplyAction> Actions { get; init; } = [];

    public IReadOnlyList<ReplyChoice> Choices { get; init; } = [];

    /// <summary>Visible to the whole channel (else only to whoever asked, where the platform allows).</summary>
    public bool InChannel { get; init; }

    /// <summary>
    /// Identifies everything this reply was built from, when that is known (a card of a stored report): renderers may
    /// reuse what they rendered for the same key. Null for one-off replies.
    /// </summary>
    public string? CacheKey { get; init; }

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

    /// <summary>What a chat adapter shows at once while a command that needs GitHub runs in the background.</summary>
    public static Reply Working(Command command, string summary) => new()
    {
        Title = "Working on it…",
        Summary = summary,
        Sections = [new ReplySection(null, [command switch
        {
            MomentumCommand m => $"Fetching {m.Project}'s history from GitHub. The first look at a big project takes a few minutes; the card will appear here.",
            CompareCommand c => $"Fetching history for {string.Join(", ", c.Projects)}; the comparison will appear here.",
            _ => "The answer will appear here.",
        }])],
    };

    /// <summary>Cuts text to at most <paramref name="max"/> characters, marking the cut with an ellipsis.</summary>
    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>The background queue is full.</summary>
    public const string BusyDetail = "Too much work is queued right now; try again in a minute.";
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

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Reply))]
public sealed partial class ReplyJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
