using System.ComponentModel.DataAnnotations;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.GitHub;

/// <summary>How commit history is read: GraphQL where it is cheaper (<c>auto</c>), always (<c>on</c>), or never (<c>off</c>).</summary>
public enum GitHubGraphQLMode
{
    Auto,
    On,
    Off,
}

public sealed class GitHubOptions
{
    /// <summary>REST API base; GitHub Enterprise Server is <c>https://HOST/api/v3/</c>. Used exactly as given.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.github.com/");

    /// <summary>Optional token (a PAT or app token). Without one GitHub allows 60 requests an hour.</summary>
    public string? Token { get; set; }

    /// <summary>More personal tokens (<c>GitHub__Tokens__0</c>, <c>__1</c>, …), pooled with <see cref="Token"/>: each has its own budget.</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>A GitHub App: its installations' tokens serve the repositories they cover, each with its own budget.</summary>
    public GitHubAppOptions App { get; set; } = new();

    /// <summary>
    /// <c>auto</c>: first scans read commit history (with each author's profile) by GraphQL, rescans only when the REST
    /// conditional check finds more than one page of new commits; a server without GraphQL is noticed once and served by
    /// REST. <c>on</c>: commits always by GraphQL. <c>off</c>: never.
    /// </summary>
    public GitHubGraphQLMode GraphQL { get; set; } = GitHubGraphQLMode.Auto;

    /// <summary>How far back the first scan of a repository reaches, in weeks.</summary>
    [Range(17, 520)]
    public int HistoryWeeks { get; set; } = 104;

    /// <summary>
    /// A person asking for a project whose history is not stored waits for this many complete weeks of it only (16:
    /// the score's 4-week window and 12-week baseline); the rest loads in the background. 0 (the default for now):
    /// always wait for <see cref="HistoryWeeks"/>. Off by default because, with many never-seen projects asked at
    /// once and GitHub slow, a few first answers still waited behind the loads of the rest (see the README).
    /// </summary>
    [Range(0, 520)]
    public int FirstAnswerWeeks { get; set; }

    /// <summary>
    /// Profile and membership requests a first answer waits for (its most recent contributors first); the rest are
    /// read by the scan that loads the rest of the history behind it.
    /// </summary>
    [Range(0, 5000)]
    public int FirstAnswerProfileLookups { get; set; } = 40;

    /// <summary>The history a scan or a report reads when <paramref name="weeks"/> are asked: as asked, never more than <see cref="HistoryWeeks"/>.</summary>
    public int HistoryWeeksFor(int? weeks) => Math.Clamp(weeks ?? HistoryWeeks, 1, HistoryWeeks);

    /// <summary>Requests kept in reserve for interactive use: background scans pause when the budget falls to it.</summary>
    [Range(0, 10000)]
    public int RateLimitReserve { get; set; } = 200;

    /// <summary>The longest a request waits for a rate limit to reset; beyond it the scan stops with "rate limited".</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of a request after a 5xx, a network error or a secondary rate limit.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>After a request found GitHub unreachable (retries spent), further requests fail at once for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnreachablePause { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay; doubles each time.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests in flight at once (GitHub asks for few; 100 is its hard limit).</summary>
    [Range(1, 16)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Issues and pull requests opened in this many recent weeks are followed for their first response.</summary>
    [Range(4, 104)]
    public int FirstResponseWeeks { get; set; } = 12;

    /// <summary>Commits are re-fetched from this many weeks before the newest one seen (late-landing commits).</summary>
    [Range(0, 12)]
    public int CommitOverlapWeeks { get; set; } = 2;

    /// <summary>User profiles (company, type) are kept this long.</summary>
    [PositiveDuration]
    public TimeSpan ProfileTtl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Profiles looked up per scan at most; the rest follow in later scans, most recent contributors first.</summary>
    [Range(0, 5000)]
    public int ProfileLookupsPerScan { get; set; } = 300;

    /// <summary>
    /// A repository's scan lease lasts this long without renewal (renewed every third of it while the scan runs), so a
    /// replica that dies mid-scan blocks the repository for at most this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan ScanLeaseTtl { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Cached GitHub responses (for ETag conditional requests) are kept this long after their last use.</summary>
    [PositiveDuration]
    public TimeSpan ResponseCacheTtl { get; set; } = TimeSpan.FromDays(7);
}
