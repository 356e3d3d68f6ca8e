using System.Diagnostics.Metrics;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.GitHub;

/// <summary>GitHub requests by result, the rate limit left, requests waiting, and repository scans by outcome and duration.</summary>
public sealed class GitHubMetrics
{
    private readonly Counter<long> _requests;
    private readonly UpDownCounter<long> _waiting;
    private readonly Counter<long> _scans;
    private readonly Histogram<double> _scanDuration;

    public GitHubMetrics(IMeterFactory meters, GitHubBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var meter = meters.CreateMomentumMeter();
        _requests = meter.CreateCounter<long>("momentum.github.requests", description: "GitHub requests by kind (repository, commits, pulls, issues, issue_comments, user, graphql, other) and result: not_modified (a free 304), counted, error");
        _waiting = meter.CreateUpDownCounter<long>("momentum.github.waiting", description: "GitHub requests now waiting for a rate-limit reset, a Retry-After or a backoff");
        meter.CreateObservableGauge("momentum.github.rate_limit.remaining", () => budget.Credentials
                .Where(c => c.Remaining is not null)
                .Select(c => new Measurement<int>(c.Remaining!.Value, Telemetry.Tag("token", c.Label))),
            description: "Requests GitHub's primary rate limit still allows each credential (token: token-1, app-<installation>, anonymous), as of its last response");
        _scans = meter.CreateCounter<long>("momentum.scans", description: "Repository scans on this replica by outcome: started, joined (a request joined one running), finished, failed, elsewhere (another replica scanned)");
        _scanDuration = meter.CreateHistogram<double>("momentum.scan.duration", unit: "s", description: "How long repository scans took",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Telemetry.BackgroundBuckets });
    }

    public void Request(Uri? uri, string result) => _requests.Add(1, Telemetry.Tag("kind", KindOf(uri)), Telemetry.Tag("result", result));

    /// <summary>What a REST request asks for, from its path (a fixed set of names: a label, never a repository's name).</summary>
    public static string KindOf(Uri? uri)
    {
        var segments = uri?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var repos = Array.IndexOf(segments, "repos");
        if (repos >= 0 && segments.Length >= repos + 3)
        {
            return segments.AsSpan(repos + 3) switch
            {
                [] => "repository",
                ["commits", ..] => "commits",
                ["pulls", ..] => "pulls",
                ["issues", "comments", ..] => "issue_comments",
                ["issues", ..] => "issues",
                _ => "other",
            };
        }

        if (segments is ["graphql"] or ["api", "graphql"])
        {
            return "graphql";
        }

        return Array.IndexOf(segments, "users") >= 0 ? "user" : "other";
    }

    /// <summary>Counts a request as waiting until the handle is disposed.</summary>
    public IDisposable Waiting()
    {
        _waiting.Add(1);
        return new Leave(_waiting);
    }

    public void Scan(string outcome) => _scans.Add(1, Telemetry.Tag("outcome", outcome));

    public void ScanTook(TimeSpan elapsed, string outcome) =>
        _scanDuration.Record(elapsed.TotalSeconds, Telemetry.Tag("outcome", outcome));

    private sealed class Leave(UpDownCounter<long> counter) : IDisposable
    {
        public void Dispose() => counter.Add(-1);
    }
}
