using System.Globalization;
using Momentum.Bot.Catalog;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

public enum SeenKind
{
    PullRequestOpened,
    PullRequestMerged,
    IssueOpened,
    Responded,
}

/// <summary>
/// Every Redis key Momentum uses, in one place: whichever feature owns a store, its keys are made here. All start with
/// the configured prefix (<c>Redis__KeyPrefix</c>). The README's "Store layout" section lists them with their types and
/// lifetimes.
/// </summary>
/// <remarks>
/// Redis Cluster puts a key in the slot of its hash tag (the text between the first <c>{</c> and the next <c>}</c>), and
/// a Lua script, a MULTI/EXEC or a multi-key command may only touch keys of one slot. So every family whose keys are
/// used together carries the tag of what they belong to: a repository (<c>repo:{owner/name}:…</c>), a workspace
/// (<c>ws:{slack:T1}:…</c>; Teams keys live under their tenant's workspace), an outbox shard (<c>outbox:{o7}:…</c>: an
/// item and the queues it is in), a shard of promised answers (<c>answer:{a7}:…</c>). The rule for a new family: if an
/// atomic operation uses it with other keys, give it the tag of what they share (use <see cref="Repo"/>,
/// <see cref="Workspace"/> or a shard); a key only ever used alone needs no tag. Never tag by something with few values
/// that many keys share (a platform, a kind): one slot would take all the load. The prefix carries no braces (see
/// <see cref="RedisOptions.KeyPrefix"/>): a tag in it would pin every key to one slot. <see cref="LayoutVersion"/> is
/// bumped when a layout changes, with its move in <c>StoreLayoutMigration</c>.
/// </remarks>
public sealed class RedisKeys(string prefix)
{
    /// <summary>The key layout this code reads and writes (1: before hash tags; 2: hash-tagged for Redis Cluster).</summary>
    public const int LayoutVersion = 2;

    /// <summary>How many shards the outbox and the promised answers are spread over (each shard is one cluster slot).</summary>
    public const int Shards = 16;

    public string Prefix { get; } = prefix;

    // Repositories: repo:{owner/name}:…

    private string Repo(RepositoryId repo) => $"{Prefix}repo:{{{repo}}}:";

    /// <summary>List: the repository's actors, one per identity: "identity[\tbot[\tdomain,firstWeek,lastWeek;…]]"; the index is the actor id.</summary>
    public RedisKey Actors(RepositoryId repo) => Repo(repo) + "actors";

    /// <summary>String: 2 bytes per actor id, the first week (index) the actor was seen; survives trimmed weeks.</summary>
    public RedisKey FirstSeen(RepositoryId repo) => Repo(repo) + "first";

    /// <summary>String: the week's activity, sparse varint records per actor (see <c>WeekBlob</c>).</summary>
    public RedisKey Week(RepositoryId repo, Week week) => Repo(repo) + "w:" + Number(week.Index);

    /// <summary>Hash: week start → comma-separated hours to first response of items opened that week.</summary>
    public RedisKey FirstResponses(RepositoryId repo) => Repo(repo) + "ftr";

    /// <summary>Hash per week opened: issue/PR number → "authorActor:minutesIntoWeek" for items still waiting for a first response.</summary>
    public RedisKey AwaitingResponse(RepositoryId repo, Week opened) => Repo(repo) + "awaiting:" + Number(opened.Index);

    /// <summary>Hash per committer week: 10-digit SHA prefix → "", the commits already counted (dedupe across re-fetches).</summary>
    public RedisKey SeenCommits(RepositoryId repo, Week committed) => Repo(repo) + "seen:c:" + Number(committed.Index);

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

    // Shared across repositories.

    /// <summary>Hash: GitHub user profile (company, type, fetched); expires after the profile TTL.</summary>
    public RedisKey Profile(string login) => $"{Prefix}user:{login}";

    /// <summary>String (compressed JSON): a cached GitHub response with its ETag, for conditional requests.</summary>
    public RedisKey ResponseCache(string requestHash) => $"{Prefix}etag:{requestHash}";

    /// <summary>String (compressed JSON): a computed report, keyed by everything it depends on.</summary>
    public RedisKey Report(string inputsHash) => $"{Prefix}report:{inputsHash}";

    /// <summary>Hash: affiliation file source (<c>gitdm:owner/repo/path</c> or <c>url:…</c>) → "version\tfetched unix seconds" (blob SHA or ETag).</summary>
    public RedisKey AffiliationFiles => Prefix + "affiliations:files";

    /// <summary>String (Brotli): the text of one affiliation file, the last good copy.</summary>
    public RedisKey AffiliationFile(string source) => $"{Prefix}affiliations:file:{source}";

    /// <summary>String (PNG bytes): a rendered chart by its content id, served under its signed URL until it expires.</summary>
    public RedisKey Chart(string id) => $"{Prefix}chart:{id}";

    /// <summary>String (JSON): a discovery's ranked result for one topic and filters, kept a day; per workspace (null: the API's).</summary>
    public RedisKey Discovery(string? workspace, string queryHash) => DiscoveryScope(workspace) + "discover:" + queryHash;

    /// <summary>
    /// String (lease): held by the replica running a discovery of one query, renewed while it runs; others wait for its
    /// result. In the slot of its result for a workspace (its tag); the API's, like its result, is untagged: both are
    /// only ever used alone (the result is written before the lease is released, not in one operation with it).
    /// </summary>
    public RedisKey DiscoveryLease(string? workspace, string queryHash) => DiscoveryScope(workspace) + "discover-lease:" + queryHash;

    /// <summary>String, one lease TTL: "candidates scanned" of the discovery running under <see cref="DiscoveryLease"/>, for the replicas waiting on it.</summary>
    public RedisKey DiscoveryProgress(string? workspace, string queryHash) => DiscoveryScope(workspace) + "discover-progress:" + queryHash;

    // A workspace's discoveries live in its slot; the API's (no workspace) are shared.
    private string DiscoveryScope(string? workspace) => workspace is null ? Prefix : Workspace(workspace);

    /// <summary>String: the last adoption reading (JSON) of one package from one source; used alone, so untagged.</summary>
    public RedisKey AdoptionReading(string source, PackageId package) => $"{Prefix}adoption:{source}:{package.System}:{package.Name}";

    /// <summary>String (TTL = the source's Retry-After): present while a source asked us to wait after a 429.</summary>
    public RedisKey AdoptionBlocked(string source) => $"{Prefix}adoption-blocked:{source}";

    /// <summary>String (counter, expires after 2 h): a source's requests in one UTC hour, against its hourly budget.</summary>
    public RedisKey AdoptionBudget(string source, long hour) => $"{Prefix}adoption-budget:{source}:{hour.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>String: a generic lease or lock by name (scheduling uses these).</summary>
    public RedisKey Lease(string name) => $"{Prefix}lease:{name}";

    // Workspaces (slack:T…, teams:<tenant>, playground — see WorkspaceIds): ws:{workspace}:…

    /// <summary>Prefix under which everything of one workspace lives; refuses what is not a platform-qualified workspace id.</summary>
    public string Workspace(string workspace) => WorkspaceIds.IsValid(workspace)
        ? $"{Prefix}ws:{{{workspace}}}:"
        : throw new ArgumentException($"'{workspace}' is not a workspace id.", nameof(workspace));

    /// <summary>String: the Slack file id of a chart (by its content id) uploaded to the workspace; expires with <c>Charts__UrlLifetime</c>.</summary>
    public RedisKey SlackChartFile(string workspace, string chartId) => Workspace(workspace) + "slack-file:" + chartId;

    /// <summary>Hash: alias → comma-separated owner/repo.</summary>
    public RedisKey Aliases(string workspace) => Workspace(workspace) + "aliases";

    /// <summary>String (JSON): the workspace's vendor list for a project, with its change log.</summary>
    public RedisKey WorkspaceVendors(string workspace, string project) => Workspace(workspace) + "vendors:" + project.ToLowerInvariant();

    /// <summary>Hash: identity (login or email, lower-case) → JSON person override (dated lines and their change log).</summary>
    public RedisKey WorkspacePeople(string workspace) => Workspace(workspace) + "people";

    /// <summary>Hash: workspace settings (<c>tz</c>).</summary>
    public RedisKey Settings(string workspace) => Workspace(workspace) + "settings";

    /// <summary>Hash: watchlist name → JSON.</summary>
    public RedisKey Watchlists(string workspace) => Workspace(workspace) + "watchlists";

    /// <summary>Set: the repositories of a followed topic above the discovery bar at a subscription's last weekly summary.</summary>
    public RedisKey TopicAboveBar(string workspace, string subscriptionId, string topic) => Workspace(workspace) + "topic-bar:" + subscriptionId + ":" + topic;

    /// <summary>Hash: subscription id (platform:channel:watchlist) → JSON.</summary>
    public RedisKey Subscriptions(string workspace) => Workspace(workspace) + "subscriptions";

    /// <summary>Set: "workspace|name" of every watchlist (what the scheduler schedules scans for).</summary>
    public RedisKey WatchlistIndex => Prefix + "index:watchlists";

    /// <summary>Set: "workspace|subscription id" of every subscription (what the scheduler schedules digests for).</summary>
    public RedisKey SubscriptionIndex => Prefix + "index:subscriptions";

    /// <summary>String: unix seconds of a scheduled job's last run, cluster-wide.</summary>
    public RedisKey ScheduleLastRun(string group, string name) => $"{Prefix}schedule:last:{group}:{name}";

    /// <summary>String: set once a one-time data migration (by name) has completed.</summary>
    public RedisKey Migrated(string name) => $"{Prefix}migrated:{name}";

    /// <summary>String: the key layout version the store is in (absent: layout 1, or an empty store).</summary>
    public RedisKey Layout => Prefix + "layout";

    // Outbox, in shards: outbox:{o<shard>}:… (an item with the queues it is in).

    private string OutboxShard(int shard) => $"{Prefix}outbox:{{o{Number(shard)}}}:";

    /// <summary>Hash: one outbox message (kind, target, payload, status, attempts, times).</summary>
    public RedisKey OutboxItem(string id) => OutboxShard(ShardOf(id)) + "item:" + id;

    /// <summary>Sorted set of the shard the item <paramref name="id"/> is in: pending message ids by next attempt (unix ms).</summary>
    public RedisKey OutboxDue(string id) => OutboxDueShard(ShardOf(id));

    /// <summary>Sorted set of one shard: pending message ids by next attempt (unix ms).</summary>
    public RedisKey OutboxDueShard(int shard) => OutboxShard(shard) + "due";

    /// <summary>Sorted set of the shard the item <paramref name="id"/> is in: undeliverable message ids by when they gave up (unix ms).</summary>
    public RedisKey OutboxUndeliverable(string id) => OutboxUndeliverableShard(ShardOf(id));

    /// <summary>Sorted set of one shard: undeliverable message ids by when they gave up (unix ms).</summary>
    public RedisKey OutboxUndeliverableShard(int shard) => OutboxShard(shard) + "undeliverable";

    // Promised answers ("Working on it…"), in shards: answer:{a<shard>}:…

    private string AnswerShard(int shard) => $"{Prefix}answer:{{a{Number(shard)}}}:";

    /// <summary>Hash: an answer promised and not yet delivered (platform, workspace, channel, user, command, where to answer, when).</summary>
    public RedisKey PendingAnswer(string id) => AnswerShard(ShardOf(id)) + "item:" + id;

    /// <summary>Sorted set of the shard the answer <paramref name="id"/> is in: ids of promised answers by when they were promised (unix ms).</summary>
    public RedisKey PendingAnswers(string id) => PendingAnswersShard(ShardOf(id));

    /// <summary>Sorted set of one shard: ids of promised answers by when they were promised (unix ms).</summary>
    public RedisKey PendingAnswersShard(int shard) => AnswerShard(shard) + "all";

    // Scans in progress.

    /// <summary>Hash: repository → unix ms a scan of it started; removed when the scan ends (what a dead replica's successor resumes).</summary>
    public RedisKey ScansInProgress => Prefix + "scans:running";

    // The shared scan queue, one slot ({scans}): every change moves an item between its sets atomically. Scans are
    // a few thousand a cycle, far from what one slot serves.

    private string ScanQueue => Prefix + "scanq:{scans}:";

    /// <summary>Sorted set: scans waiting, "workspace|watchlist|slot" by priority band + due time (unix ms) + fairness spacing.</summary>
    public RedisKey ScanQueueWaiting => ScanQueue + "waiting";

    /// <summary>Sorted set: scans a replica has claimed, with the score they had while waiting (restored when reclaimed).</summary>
    public RedisKey ScanQueueRunning => ScanQueue + "running";

    /// <summary>Hash: workspace → how many of its scans are waiting (each next one queues a little later: fairness).</summary>
    public RedisKey ScanQueueWorkspaces => ScanQueue + "workspaces";

    /// <summary>String, two scan intervals: a scan item was queued (unix ms), so its slot is never queued (or run) again.</summary>
    public RedisKey ScanQueued(string item) => ScanQueue + "queued:" + item;

    /// <summary>String (lease): held by the replica running a claimed scan, renewed while it runs.</summary>
    public RedisKey ScanClaim(string item) => ScanQueue + "claim:" + item;

    // Slack.

    /// <summary>String (JSON): a Slack installation (bot token encrypted).</summary>
    public RedisKey SlackInstallation(string workspace) => Workspace(workspace) + "slack-installation";

    /// <summary>String: the enterprise a team belongs to (org-wide installations serve it).</summary>
    public RedisKey SlackEnterprise(string team) => Workspace(team) + "slack-enterprise";

    /// <summary>String, ten minutes: an OAuth state this host issued.</summary>
    public RedisKey SlackOAuthState(string state) => Prefix + "slack-oauth-state:" + state;

    /// <summary>String, ten minutes: a signed Slack command or interaction already handled (its signature), so a replay does nothing.</summary>
    public RedisKey SlackSignedRequest(string signature) => Prefix + "slack-signed:" + signature;

    /// <summary>String, ten minutes: a Slack delivery already handled (event id, channel + ts).</summary>
    public RedisKey SlackSeen(string workspace, string key) => Workspace(workspace) + "slack-seen:" + key;

    // Teams.

    /// <summary>Hash: a Teams conversation reference.</summary>
    public RedisKey TeamsConversation(string tenant, string conversation) => Workspace(tenant) + "teams-conv:" + conversation;

    /// <summary>Set: the conversations Momentum knows in a team.</summary>
    public RedisKey TeamsTeam(string tenant, string team) => Workspace(tenant) + "teams-team:" + team;

    /// <summary>Set: service URLs seen on validated activities (the only ones the bot's token goes to).</summary>
    public RedisKey TeamsServiceUrls => Prefix + "teams:service-urls";

    /// <summary>String, ten minutes: a Teams activity already handled.</summary>
    public RedisKey TeamsSeen(string tenant, string key) => Workspace(tenant) + "teams-seen:" + key;

    /// <summary>String, no expiry: the store's generation, "{id} {created}", written once into an empty store (see <c>StoreGeneration</c>).</summary>
    public RedisKey Generation => Prefix + "generation";

    /// <summary>List, newest first, capped: the alerts and summaries posted to a playground channel (its feed).</summary>
    public RedisKey PlaygroundFeed(string channel) => Prefix + "playground:feed:" + channel;

    /// <summary>
    /// The shard of an id (0 to <see cref="Shards"/> − 1), the same on every replica and run: FNV-1a of its UTF-16 code
    /// units, with a final mix (FNV's low bits depend only on the characters' low bits, too few for hex ids).
    /// </summary>
    public static int ShardOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = 2166136261u;
        foreach (var c in id)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        hash ^= hash >> 16;
        hash = unchecked(hash * 0x85ebca6bu);
        hash ^= hash >> 13;
        return (int)(hash % Shards);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
