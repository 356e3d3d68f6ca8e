using Momentum.Engine;

namespace Momentum.Bot.Store;

/// <summary>Scan state of one repository, kept in its meta hash.</summary>
public sealed record RepositoryState
{
    public Week? HistoryStart { get; init; }

    public DateTimeOffset? LastScan { get; init; }

    public string? FullName { get; init; }

    public string? DefaultBranch { get; init; }

    public int? Stars { get; init; }

    /// <summary>Commits are re-fetched from here (week-anchored, so an unchanged repository gets 304s).</summary>
    public DateTimeOffset? CommitsSince { get; init; }

    /// <summary>The newest pull request <c>updated_at</c> already ingested; paging stops below it.</summary>
    public DateTimeOffset? PullsWatermark { get; init; }

    /// <summary>
    /// The page of the first scan's pull request listing (newest-updated first) where the items older than its history
    /// begin: extending a short history reads on from there (0: nothing left to extend).
    /// </summary>
    public int? PullsBackfillPage { get; init; }

    public DateTimeOffset? IssuesSince { get; init; }

    public DateTimeOffset? CommentsSince { get; init; }

    /// <summary>Bumped whenever stored activity changes: part of every report cache key.</summary>
    public long Version { get; init; }

    /// <summary>
    /// Whether a scan has landed and the stored history reaches back <paramref name="historyWeeks"/> (a week's slack:
    /// the horizon moves on with each scan).
    /// </summary>
    public bool Covers(DateTimeOffset now, int historyWeeks) =>
        LastScan is not null && (HistoryStart is not { } start || start <= Week.Of(now).Plus(-historyWeeks + 1));
}
