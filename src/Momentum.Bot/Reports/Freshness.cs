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
        return state.LastScan is { } last && now - last <= maxAge && state.Covers(now, historyWeeks);
    }
}
