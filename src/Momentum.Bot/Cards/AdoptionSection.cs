using System.Globalization;
using Momentum.Bot.Adoption;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Cards;

/// <summary>The card's adoption lines: lagging, corroborating numbers beside the contribution metrics, never in the score.</summary>
public static class AdoptionSection
{
    public const string Heading = "Adoption (lagging, corroborating; not in the score)";

    /// <summary>A card keeps its size: beyond this many lines, one says how many more the API has.</summary>
    public const int MaxLines = 6;

    public static Reply AddTo(Reply card, IReadOnlyList<AdoptionLine> lines)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return card;
        }

        var shown = lines.Take(MaxLines).Select(Line).ToList();
        if (lines.Count > MaxLines)
        {
            shown.Add($"… and {lines.Count - MaxLines} more in the API's adoption list.");
        }

        return card with { Sections = [.. card.Sections, new ReplySection(Heading, shown)] };
    }

    public static string Line(AdoptionLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var inv = CultureInfo.InvariantCulture;
        return line.Unavailable is { } why
            ? $"• {line.Source} · {line.Package}: unavailable ({why})"
            : string.Create(inv, $"• {line.Source} · {line.Package}: {line.Value:N0} {line.Metric}{(line.Detail is { } d ? $" ({d})" : "")}, as of {line.MeasuredAt:yyyy-MM-dd}");
    }
}
