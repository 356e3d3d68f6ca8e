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
/// The process's view of its GitHub rate limit, read from the <c>x-ratelimit-*</c> headers of every response, and
/// counters of what was sent (a 304 to a conditional request does not count against the limit). Only the core limit is
/// read: a response that names another resource (<c>x-ratelimit-resource: search</c>) is counted but leaves it alone.
/// </summary>
public sealed class GitHubBudget
{
    private readonly AsyncLocal<RequestPriority?> _priority = new();
    private readonly Lock _gate = new();
    private long _sent;
    private long _notModified;

    public int? Limit { get; private set; }

    public int? Remaining { get; private set; }

    public DateTimeOffset? Reset { get; private set; }

    public long RequestsSent => Interlocked.Read(ref _sent);

    public long NotModified => Interlocked.Read(ref _notModified);

    /// <summary>Responses that counted against the primary limit (everything but 304).</summary>
    public long Counted => RequestsSent - NotModified;

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

    public void Observe(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Interlocked.Increment(ref _sent);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            Interlocked.Increment(ref _notModified);
        }

        // Search (and GraphQL, code scanning…) have limits of their own: only the core limit is this budget's.
        if (response.Headers.TryGetValues("x-ratelimit-resource", out var resources) && resources.FirstOrDefault() is { } resource
            && !string.Equals(resource, "core", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var limit = Header(response, "x-ratelimit-limit");
        var remaining = Header(response, "x-ratelimit-remaining");
        var reset = Header(response, "x-ratelimit-reset");
        if (remaining is null)
        {
            return;
        }

        lock (_gate)
        {
            Limit = (int?)limit ?? Limit;
            Remaining = (int)remaining.Value;
            Reset = reset is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : Reset;
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

    private sealed class Restore(GitHubBudget budget, RequestPriority? previous) : IDisposable
    {
        public void Dispose() => budget._priority.Value = previous;
    }
}
