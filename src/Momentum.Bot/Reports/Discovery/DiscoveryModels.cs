using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Momentum.Engine;

namespace Momentum.Bot.Reports.Discovery;

/// <summary>What to discover: a GitHub topic, an optional star ceiling (the niche), a language and how many to rank.</summary>
public sealed partial record DiscoverQuery(string Topic, int? MaxStars, string? Language, int Limit)
{
    public const int DefaultLimit = 30;
    public const int MaxLimit = 50;

    /// <summary>A valid query, or what is wrong with it (one sentence).</summary>
    public static (DiscoverQuery? Query, string? Error) Create(string? topic, int? maxStars, string? language, int? limit)
    {
        var t = topic?.Trim().ToLowerInvariant() ?? "";
        if (!TopicPattern().IsMatch(t))
        {
            return (null, $"'{topic}' is not a GitHub topic: lowercase letters, digits and '-', up to 50 characters, like service-mesh.");
        }

        if (maxStars is <= 0)
        {
            return (null, "The star ceiling must be a positive number, like stars<500.");
        }

        var l = string.IsNullOrWhiteSpace(language) ? null : language.Trim();
        if (l is not null && !LanguagePattern().IsMatch(l))
        {
            return (null, $"'{language}' is not a language name, like go or rust.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return (null, $"limit is 1–{MaxLimit}.");
        }

        return (new DiscoverQuery(t, maxStars, l?.ToLowerInvariant(), limit ?? DefaultLimit), null);
    }

    /// <summary>GitHub's search qualifiers for the query: recently pushed, not archived, under the ceiling.</summary>
    public string SearchText(DateTimeOffset now)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"topic:{Topic} pushed:>{now.AddDays(-PushedWithinDays):yyyy-MM-dd} archived:false");
        if (MaxStars is { } stars)
        {
            text.Append(CultureInfo.InvariantCulture, $" stars:<{stars}");
        }

        if (Language is { } language)
        {
            text.Append(" language:").Append(language);
        }

        return text.ToString();
    }

    public const int PushedWithinDays = 90;

    /// <summary>How the query reads back ("service-mesh, under 500 stars, in go").</summary>
    public string Describe() =>
        Topic + (MaxStars is { } s ? string.Create(CultureInfo.InvariantCulture, $", under {s:N0} stars") : "") + (Language is { } l ? $", in {l}" : "");

    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"1|{Topic}|{MaxStars}|{Language}|{Limit}"))))[..24];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,49}$")]
    private static partial Regex TopicPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9+#.\- ]{0,39}$")]
    private static partial Regex LanguagePattern();
}

/// <summary>One ranked candidate. Stars are shown as lagging: they play no part in the rank.</summary>
/// <param name="Problem">Why it could not be scanned (then it ranks last and its counts are zero).</param>
public sealed record DiscoveredProject(
    string Repository,
    int Stars,
    int EndUserContributors,
    int EndUserOrganizations,
    double? Growth,
    double Score,
    Stage? Stage,
    string? StageEvidence,
    string Reason,
    string? Problem = null);

/// <summary>A finished discovery: the ranked list, what it cost, and what limited it.</summary>
public sealed record DiscoveryResult(
    DiscoverQuery Query,
    DateTimeOffset AsOf,
    int Found,
    IReadOnlyList<DiscoveredProject> Projects,
    int SearchRequests,
    long Requests,
    IReadOnlyList<string> Notes);

/// <summary>A followed topic's new entrants for a weekly summary (or why they could not be read).</summary>
public sealed record TopicEntrants(string Topic, IReadOnlyList<DiscoveredProject> Projects, string? Problem = null);

/// <summary>Where a running discovery is: candidates found, and how many of them are scanned.</summary>
public sealed record DiscoveryProgress(int Candidates, int Scanned);
