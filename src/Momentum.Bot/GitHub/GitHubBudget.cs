using System.Globalization;
using System.Net;

namespace Momentum.Bot.GitHub;

public enum ScanPriority
{
    /// <summary>A person is waiting: may spend the reserve.</summary>
    Interactive,

    /// <summary>Scheduled work: pauses when the budget falls to the reserve.</summary>
    Background,
}

/// <summary>
/// The priority of one flow of GitHub requests: a scan, shared by everyone waiting on it. It only rises — a person
/// who joins a background scan makes it interactive — and a request paused at the reserve wakes when it does.
/// </summary>
public sealed class RequestPriority
{
    private readonly TaskCompletionSource _interactive = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RequestPriority(ScanPriority initial) => Raise(initial);

    /// <summary>For requests made outside any scan: a person is behind them.</summary>
    public static RequestPriority Interactive { get; } = new(ScanPriority.Interactive);

    public ScanPriority Current => _interactive.Task.IsCompleted ? ScanPriority.Interactive : ScanPriority.Background;

    /// <summary>Completes when the priority becomes <see cref="ScanPriority.Interactive"/> (at once if it is).</summary>
    public Task BecameInteractive => _interactive.Task;

    /// <summary>Raises the priority to <paramref name="priority"/> if that is higher; never lowers it.</summary>
    public void Raise(ScanPriority priority)
    {
        if (priority == ScanPriority.Interactive)
        {
            _interactive.TrySetResult();
        }
    }
}

/// <summary>
/// The process's GitHub traffic: counters of what was sent (a 304 to a conditional request does not count against the
/// limit), the priority each async flow carries, and one <see cref="CredentialBudget"/> per credential (a personal
/// token, an App installation), each read from the <c>x-ratelimit-*</c> headers of the responses it was sent with; a response that names another resource (<c>x-ratelimit-resource: search</c>) leaves it alone.
/// </summary>
public sealed class GitHubBudget
{
    private readonly AsyncLocal<RequestPriority?> _priority = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CredentialBudget> _credentials = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CredentialBudget> _graphql = new(StringComparer.Ordinal);
    private long _sent;
    private long _notModified;

    public long RequestsSent => Interlocked.Read(ref _sent);

    public long NotModified => Interlocked.Read(ref _notModified);

    /// <summary>Responses that counted against the primary limit (everything but 304).</summary>
    public long Counted => RequestsSent - NotModified;

    /// <summary>Every credential's budget by its label (<c>token-1</c>, <c>app-&lt;installation&gt;</c>, <c>anonymous</c>), never a secret.</summary>
    public IReadOnlyList<CredentialBudget> Credentials => _credentials.Values.OrderBy(c => c.Label, StringComparer.Ordinal).ToList();

    /// <summary>The budget of the credential with this label, created on first use.</summary>
    public CredentialBudget Credential(string label) => _credentials.GetOrAdd(label, l => new CredentialBudget(l));

    /// <summary>The same credential's GraphQL point budget (GitHub's <c>graphql</c> resource, apart from <c>core</c>).</summary>
    public CredentialBudget GraphQLCredential(string label) => _graphql.GetOrAdd(label, l => new CredentialBudget(l, CredentialBudget.GraphQLResource));

    /// <summary>Every credential's GraphQL point budget that has been used, by label.</summary>
    public IReadOnlyList<CredentialBudget> GraphQLCredentials => _graphql.Values.OrderBy(c => c.Label, StringComparer.Ordinal).ToList();

    /// <summary>GraphQL points spent, as GitHub reported each query's <c>rateLimit.cost</c>.</summary>
    public long GraphQLPoints => _graphql.Values.Sum(c => c.PointsSpent);

    /// <summary>
    /// The priority of GitHub requests made by the current async flow. Octokit gives no per-request hook, so the
    /// flow carries it to <see cref="GitHubRateLimitHandler"/>; the object itself can still be raised from outside.
    /// </summary>
    public RequestPriority CurrentPriority => _priority.Value ?? RequestPriority.Interactive;

    public IDisposable UsePriority(RequestPriority priority)
    {
        ArgumentNullException.ThrowIfNull(priority);
        var previous = _priority.Value;
        _priority.Value = priority;
        return new Restore(this, previous);
    }

    /// <summary>Counts the response and reads its rate-limit headers into the budget of the credential it was sent with.</summary>
    public void Observe(HttpResponseMessage response, CredentialBudget credential)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(credential);
        Interlocked.Increment(ref _sent);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            Interlocked.Increment(ref _notModified);
        }

        credential.Observe(response);
    }

    private sealed class Restore(GitHubBudget budget, RequestPriority? previous) : IDisposable
    {
        public void Dispose() => budget._priority.Value = previous;
    }
}

/// <summary>
/// One credential's limit for one of GitHub's rate-limit resources (<c>core</c> for REST, <c>graphql</c> for GraphQL
/// points) as GitHub last reported it, and what it has sent. Responses that name another resource in
/// <c>x-ratelimit-resource</c> (search, graphql, …) are counted but never move this budget.
/// </summary>
public sealed class CredentialBudget(string label, string resource = CredentialBudget.CoreResource)
{
    public const string CoreResource = "core";
    public const string GraphQLResource = "graphql";

    private readonly Lock _gate = new();
    private long _sent;
    private long _notModified;
    private long _points;

    /// <summary>Names the credential without revealing it: <c>token-1</c>, <c>app-42</c>, <c>anonymous</c>.</summary>
    public string Label { get; } = label;

    /// <summary>The rate-limit resource this budget follows: <c>core</c> or <c>graphql</c>.</summary>
    public string Resource { get; } = resource;

    /// <summary>GraphQL points spent (each query's reported cost); zero for <c>core</c>.</summary>
    public long PointsSpent => Interlocked.Read(ref _points);

    public int? Limit { get; private set; }

    public int? Remaining { get; private set; }

    public DateTimeOffset? Reset { get; private set; }

    public long RequestsSent => Interlocked.Read(ref _sent);

    /// <summary>Responses sent with this credential that counted against its limit (everything but 304).</summary>
    public long Counted => RequestsSent - Interlocked.Read(ref _notModified);

    /// <summary>What is left to spend as of <paramref name="now"/>: the full limit once the reset has passed, a full default budget when unknown.</summary>
    public int Available(DateTimeOffset now)
    {
        lock (_gate)
        {
            return Reset is { } reset && reset <= now ? Limit ?? 5000 : Remaining ?? Limit ?? 5000;
        }
    }

    public void Observe(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Interlocked.Increment(ref _sent);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            Interlocked.Increment(ref _notModified);
        }

        if (response.Headers.TryGetValues("x-ratelimit-resource", out var resources)
            && resources.FirstOrDefault() is { Length: > 0 } named
            && !string.Equals(named, Resource, StringComparison.OrdinalIgnoreCase))
        {
            return; // another resource's limit (search, graphql, …): it must not overwrite this one
        }

        var limit = Header(response, "x-ratelimit-limit");
        var remaining = Header(response, "x-ratelimit-remaining");
        var reset = Header(response, "x-ratelimit-reset");
        if (remaining is null)
        {
            return;
        }

        Update((int?)limit, (int)remaining.Value, reset is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null);
    }

    /// <summary>A GraphQL answer's <c>rateLimit { cost remaining resetAt limit }</c> block: authoritative for the point budget.</summary>
    public void ObservePoints(int cost, int remaining, DateTimeOffset resetAt, int? limit)
    {
        Interlocked.Add(ref _points, Math.Max(cost, 0));
        Update(limit, remaining, resetAt);
    }

    /// <summary>
    /// Takes a reported budget. Answers to concurrent requests arrive in any order: within one window (the same reset)
    /// the budget only falls, so the lowest remaining seen stands; an answer from an earlier window is out of date.
    /// </summary>
    private void Update(int? limit, int remaining, DateTimeOffset? reset)
    {
        lock (_gate)
        {
            if (reset is { } at && Reset is { } known && Remaining is { } lowest && (at < known || (at == known && remaining > lowest)))
            {
                return;
            }

            Limit = limit ?? Limit;
            Remaining = remaining;
            Reset = reset ?? Reset;
        }
    }

    /// <summary>How long to wait before the next request at this priority, given the reserve; zero when none.</summary>
    public TimeSpan WaitBeforeNext(DateTimeOffset now, int reserve, ScanPriority priority)
    {
        lock (_gate)
        {
            if (Remaining is not { } remaining || Reset is not { } reset || reset <= now)
            {
                return TimeSpan.Zero;
            }

            var floor = priority == ScanPriority.Background ? reserve : 0;
            return remaining <= floor ? reset - now : TimeSpan.Zero;
        }
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
