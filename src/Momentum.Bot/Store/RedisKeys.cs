using Momentum.Bot.Catalog;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// Every Redis key Momentum uses, in one place. All start with the configured prefix (<c>Redis__KeyPrefix</c>).
/// The README's "Store layout" section lists them with their types and lifetimes.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    private string Repo(RepositoryId repo) => $"{Prefix}repo:{repo}:";

    /// <summary>List: the repository's actors, one per identity: "identity[\tbot[\tdomain,firstWeek,lastWeek;…]]"; the index is the actor id.</summary>
    public RedisKey Actors(RepositoryId repo) => Repo(repo) + "actors";

    /// <summary>String: 2 bytes per actor id, the first week (index) the actor was seen; survives trimmed weeks.</summary>
    public RedisKey FirstSeen(RepositoryId repo) => Repo(repo) + "first";

    /// <summary>String: the week's activity, sparse varint records per actor (see <c>WeekBlob</c>).</summary>
    public RedisKey Week(RepositoryId repo, Week week) => Repo(repo) + "w:" + week.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Hash: week start → comma-separated hours to first response of items opened that week.</summary>
    public RedisKey FirstResponses(RepositoryId repo) => Repo(repo) + "ftr";

    /// <summary>Hash per week opened: issue/PR number → "authorActor:minutesIntoWeek" for items still waiting for a first response.</summary>
    public RedisKey AwaitingResponse(RepositoryId repo, Week opened) => Repo(repo) + "awaiting:" + opened.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Hash per committer week: 10-digit SHA prefix → "", the commits already counted (dedupe across re-fetches).</summary>
    public RedisKey SeenCommits(RepositoryId repo, Week committed) => Repo(repo) + "seen:c:" + committed.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Bitmap by issue/PR number: whether that event was already counted (dedupe across retries).</summary>
    public RedisKey Seen(RepositoryId repo, SeenKind kind) => Repo(repo) + "seen:" + kind switch
    {
        SeenKind.PullRequestOpened => "pr-opened",
        SeenKind.PullRequestMerged => "pr-merged",
        SeenKind.IssueOpened => "issue-opened",
        _ => "responded",
    };

    /// <summary>Hash: scan state — cursors, history start, default branch, stars, last scan, data version.</summary>
    public RedisKey Meta(RepositoryId repo) => Repo(repo) + "meta";

    /// <summary>String (lease): held while one replica scans the repository.</summary>
    public RedisKey ScanLease(RepositoryId repo) => Repo(repo) + "lease";

    /// <summary>String (JSON): vendor list set through the API for this repository; overrides the catalog.</summary>
    public RedisKey RepositoryVendors(RepositoryId repo) => Repo(repo) + "vendors";

    /// <summary>Hash: GitHub user profile (company, type, fetched); expires after the profile TTL.</summary>
    public RedisKey Profile(string login) => $"{Prefix}user:{login}";

    /// <summary>String (compressed JSON): a cached GitHub response with its ETag, for conditional requests.</summary>
    public RedisKey ResponseCache(string requestHash) => $"{Prefix}etag:{requestHash}";

    /// <summary>String (compressed JSON): a computed report, keyed by everything it depends on.</summary>
    public RedisKey Report(string inputsHash) => $"{Prefix}report:{inputsHash}";

    /// <summary>String: a generic lease or lock by name (scheduling uses these).</summary>
    public RedisKey Lease(string name) => $"{Prefix}lease:{name}";

    /// <summary>Prefix under which everything of one workspace (Slack team, Teams tenant) lives.</summary>
    public string Workspace(string workspace) => $"{Prefix}ws:{workspace}:";
}

public enum SeenKind
{
    PullRequestOpened,
    PullRequestMerged,
    IssueOpened,
    Responded,
}
