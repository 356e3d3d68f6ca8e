using Momentum.Bot.Store;

namespace Momentum.Bot.Reports;

/// <summary>The one rule for "is this repository's stored data fresh enough?": it was scanned within the given age.</summary>
public static class Freshness
{
    public static bool IsFresh(RepositoryState state, DateTimeOffset now, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.LastScan is { } last && now - last <= maxAge;
    }
}
