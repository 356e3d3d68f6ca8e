using System.Globalization;
using Momentum.Bot.Reports;
using Momentum.Engine;

namespace Momentum.Bot.Cards;

/// <summary>How cards write numbers, shares, durations and names, the same on every card.</summary>
public static class Formats
{
    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Pct(double? share) => share is { } s ? Math.Round(s * 100).ToString("0", Invariant) + "%" : "n/a";

    /// <summary>"1 project", "3 projects": a count with its noun in the right number (plural: the noun + "s" unless given).</summary>
    public static string Count(int count, string singular, string? plural = null) =>
        $"{count.ToString("N0", Invariant)} {(count == 1 ? singular : plural ?? singular + "s")}";

    public static string Hours(double hours) => hours < 48 ? hours.ToString("0.#", Invariant) + " h" : (hours / 24).ToString("0.#", Invariant) + " days";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    public static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Name(this Trend trend) => trend switch
    {
        Trend.Rising => "rising",
        Trend.Cooling => "cooling",
        _ => "steady",
    };

    public static string Name(this Stage stage) => stage switch
    {
        Stage.Ecosystem => "ecosystem",
        Stage.Breakout => "breakout",
        _ => "niche",
    };

    public static string Arrow(this Trend trend) => trend switch
    {
        Trend.Rising => "▲",
        Trend.Cooling => "▼",
        _ => "▶",
    };

    /// <summary>Where a vendor list came from, as a person reads it.</summary>
    public static string Describe(this VendorSource source) => source switch
    {
        VendorSource.Workspace => "this workspace",
        VendorSource.Api => "set through the API",
        VendorSource.Catalog => "catalog",
        _ => "none",
    };
}
