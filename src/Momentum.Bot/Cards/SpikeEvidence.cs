using Momentum.Bot.Chat;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary>How a spike is told, the same on the card, in a backtest, an alert and a weekly summary: its line and its links.</summary>
public static class SpikeEvidence
{
    public static string Line(Spike s) =>
        $"Week of {s.WeekStart.ToString("yyyy-MM-dd", Invariant)}: {s.EndUserContributors} end-user contributors vs a 12-week median of {s.BaselineMedian.ToString("0.#", Invariant)} (z = {s.Z.ToString("0.0", Invariant)}), from {Count(s.EndUserOrganizations, "organisation")} — {string.Join(", ", s.Organizations.Take(6).Select(o => o.Contributors > 1 ? $"{o.Name} ({o.Contributors})" : o.Name))}{(s.Organizations.Count > 6 ? ", …" : "")}";

    /// <summary>GitHub searches for the spike week's pull requests by its end-user contributors (the evidence).</summary>
    public static IEnumerable<ReplyLink> Links(IReadOnlyList<string> repositories, Spike spike)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        ArgumentNullException.ThrowIfNull(spike);
        var logins = spike.Contributors.Where(c => !c.Contains('@', StringComparison.Ordinal)).Take(5).ToList();
        if (logins.Count == 0 || repositories.Count == 0)
        {
            yield break;
        }

        var from = spike.WeekStart.ToString("yyyy-MM-dd", Invariant);
        var to = spike.WeekStart.AddDays(6).ToString("yyyy-MM-dd", Invariant);
        var query = $"is:pr created:{from}..{to} " + string.Join(' ', logins.Select(l => $"author:{l}"));
        yield return new ReplyLink("PRs that week", new Uri($"https://github.com/{repositories[0]}/pulls?q={Uri.EscapeDataString(query)}"));
    }
}
