using Momentum.Bot.Chat;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary>
/// How a spike is told, the same on the card, in a backtest, an alert and a weekly summary: its line (both measures with
/// count, baseline rate ± spread, tail probability and lift; the organisations with their contributors; the year-end
/// caveat) and its links (every end-user contributor's pull requests of the week).
/// </summary>
public static class SpikeEvidence
{
    /// <summary>GitHub answers a search query of at most 256 characters.</summary>
    public const int MaxQueryLength = 256;

    public static string Line(Spike s) => LineNaming(s, LineNames);

    /// <summary>The spike's full line, naming up to <paramref name="names"/> contributors (and so at most as many organisations).</summary>
    public static string LineNaming(Spike s, int names)
    {
        ArgumentNullException.ThrowIfNull(s);
        var episode = s.EpisodeWeek > 1 ? $" (week {s.EpisodeWeek} of the rise since {Date(s.EpisodeStart)})" : "";
        var season = Season(s) is { } caveat ? " " + caveat : "";
        return $"Week of {Date(s.WeekStart)}{episode}: {Measure(s.ContributorMeasure)} and {Measure(s.OrganizationMeasure)}, " +
               $"against {Count(s.BaselineWeeks, "baseline week")} — {Organizations(s, names)}.{season}";
    }

    /// <summary>
    /// The spike in brief: its counts against the baseline rates and its first organisations by name only, e.g.
    /// "61 end-user contributors (vs 1.1 a week) from 61 organisations (vs 0.9): Acme, Initech (unverified), +59".
    /// </summary>
    public static string Brief(Spike s, int organizations)
    {
        ArgumentNullException.ThrowIfNull(s);
        var named = s.Organizations.Take(organizations).Select(o => o.Unverified ? $"{o.Name} ({UnverifiedMark})" : o.Name).ToList();
        var more = s.Organizations.Count - named.Count;
        return $"{Count(s.EndUserContributors, "end-user contributor")} (vs {s.ContributorMeasure.Baseline.ToString("0.#", Invariant)} a week) from " +
               $"{Count(s.EndUserOrganizations, "organisation")} (vs {s.OrganizationMeasure.Baseline.ToString("0.#", Invariant)})" +
               (named.Count > 0 ? ": " + string.Join(", ", named) + (more > 0 ? $", +{more.ToString(Invariant)}" : "") : "");
    }

    /// <summary>"6 end-user contributors vs 1.1 ± 0.9 a week (p = 0.002; +4.9, needs +3)".</summary>
    public static string Measure(SpikeMeasure m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return $"{m.Count.ToString(Invariant)} {m.Name} vs {m.Baseline.ToString("0.#", Invariant)} ± {m.Spread.ToString("0.#", Invariant)} a week " +
               $"(p = {Probability(m.TailProbability)}; +{m.Lift.ToString("0.#", Invariant)}, needs +{m.RequiredLift.ToString("0.#", Invariant)})";
    }

    public static string Probability(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.###", Invariant);

    /// <summary>
    /// "Red Hat (alice, bob) · DaoCloud (carol)": every organisation and contributor when <paramref name="limit"/> is
    /// null; otherwise the first organisations, names up to the limit, and how many more.
    /// </summary>
    public static string Organizations(Spike s, int? limit = LineNames)
    {
        ArgumentNullException.ThrowIfNull(s);
        var budget = limit ?? int.MaxValue;
        var parts = new List<string>();
        var shown = 0;
        foreach (var o in s.Organizations)
        {
            if (shown >= budget)
            {
                break;
            }

            var names = o.Members.Take(Math.Max(1, budget - shown)).ToList();
            shown += Math.Max(1, names.Count);
            var rest = o.Members.Count - names.Count;
            var unverified = o.Unverified ? "; " + UnverifiedMark : "";
            parts.Add(names.Count == 0
                ? $"{o.Name} ({o.Contributors.ToString(Invariant)}{unverified})"
                : $"{o.Name} ({string.Join(", ", names)}{(rest > 0 ? $", +{rest.ToString(Invariant)}" : "")}{unverified})");
        }

        var more = s.Organizations.Count - parts.Count;
        return string.Join(" · ", parts) + (more > 0 ? $" · +{Count(more, "organisation")} ({Count(s.Organizations.Skip(parts.Count).Sum(o => o.Contributors), "contributor")})" : "");
    }

    /// <summary>
    /// Marks an organisation counted without corroboration: it rests only on its people's own profile <c>company</c>
    /// text, or on one person's bare mail domain that week (see <see cref="SpikeOrganization.Unverified"/>).
    /// </summary>
    public const string UnverifiedMark = "unverified";

    /// <summary>The note that explains <see cref="UnverifiedMark"/>, for replies that show one.</summary>
    public const string UnverifiedNote = "\"unverified\": counted only by its people's own GitHub profile company text, or only by one person's mail domain (often that person's own site), not by gitdm, an override, a GitHub organisation's membership or a second person.";

    /// <summary>How many contributor names a spike line shows (the alert lists them all; the links cover them all).</summary>
    public const int LineNames = 12;

    /// <summary>The year-end caveat, or null when the week and its baseline are clear of the holidays.</summary>
    public static string? Season(Spike s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Season is not { } season)
        {
            return null;
        }

        var what = season.InHolidays
            ? "This is a year-end holiday week."
            : $"The baseline leaves out {Count(season.HolidayWeeksLeftOut, "year-end holiday week")}.";
        var earlier = season.YearEarlierWeek is { } week
            ? $" A year earlier (week of {Date(week)}): {Count(season.YearEarlierContributors ?? 0, "end-user contributor")} from {Count(season.YearEarlierOrganizations ?? 0, "organisation")}."
            : " No history a year earlier to compare with.";
        return what + earlier;
    }

    /// <summary>
    /// GitHub searches for the week's pull requests by every end-user contributor known by login, in as many links as
    /// the 256-character query limit needs, and one for all of the week's pull requests (to widen the search).
    /// </summary>
    public static IEnumerable<ReplyLink> Links(IReadOnlyList<string> repositories, Spike spike)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        ArgumentNullException.ThrowIfNull(spike);
        if (repositories.Count == 0)
        {
            yield break;
        }

        var scope = string.Join(' ', repositories.Select(r => $"repo:{r}")) + $" is:pr created:{Date(spike.WeekStart)}..{Date(spike.WeekStart.AddDays(6))}";
        var logins = spike.Contributors.Where(c => !c.Contains('@', StringComparison.Ordinal)).ToList();
        var groups = new List<List<string>>();
        var length = scope.Length;
        foreach (var login in logins)
        {
            var term = $" author:{login}";
            if (groups.Count == 0 || length + term.Length > MaxQueryLength)
            {
                groups.Add([]);
                length = scope.Length;
            }

            groups[^1].Add(login);
            length += term.Length;
        }

        var week = Date(spike.WeekStart);
        for (var i = 0; i < groups.Count; i++)
        {
            var label = groups.Count == 1 ? $"PRs by its end-user contributors, week of {week}" : $"PRs by its end-user contributors, week of {week} ({i + 1}/{groups.Count})";
            yield return new ReplyLink(label, Search(scope + string.Concat(groups[i].Select(l => $" author:{l}"))));
        }

        yield return new ReplyLink($"All PRs opened in the week of {week}", Search(scope));
    }

    private static Uri Search(string query) => new($"https://github.com/search?type=pullrequests&q={Uri.EscapeDataString(query)}");
}
