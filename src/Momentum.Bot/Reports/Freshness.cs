using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>
/// The one rule for "is this repository's stored data fresh enough?": it was scanned within the given age, and its
/// history reaches back as far as the asker needs (a discovery's short history does not serve a full report).
/// </summary>
public static class Freshness
{
    public static bool IsFresh(RepositoryState state, DateTimeOffset now, TimeSpan maxAge, int historyWeeks)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.LastScan is { } last && now - last <= maxAge && Covers(state, now, historyWeeks);
    }

    /// <summary>Whether the stored history reaches back <paramref name="historyWeeks"/> (a week's slack: the horizon moves on with each scan).</summary>
    public static bool Covers(RepositoryState state, DateTimeOffset now, int historyWeeks)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.HistoryStart is not { } start || start <= Week.Of(now).Plus(-historyWeeks + 1);
    }
}
