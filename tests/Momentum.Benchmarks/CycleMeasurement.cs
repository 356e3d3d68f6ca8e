using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Adoption;
using Momentum.Bot.Affiliations;
using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Reports;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Benchmarks;

/// <summary>
/// GitHub requests per 6-hour scan cycle for 200 repositories of which 10 % changed. 200 synthetic repositories on the
/// local GitHub-shaped server; a backfill and a settling rescan through <see cref="ScanCoordinator"/>; then six hours'
/// activity in 20 of them and one scheduled cycle through the real <see cref="WatchlistScanner"/> (a workspace
/// watchlist of all 200 with an alert subscription), on a fake clock, with chat posts recorded instead of sent. Every
/// product option is at its default. Needs Redis (MOMENTUM_TEST_REDIS, default 127.0.0.1:6379).
/// </summary>
public static class CycleMeasurement
{
    private const int RepositoryCount = 200;
    private const int ChangedEvery = 10;
    private const int HourlyLimit = 5_000;
    private const string Workspace = "slack:TCYCLEBENCH";
    private const string WatchlistName = "portfolio";
    private static readonly DateTimeOffset Start = new(2026, 3, 18, 12, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync()
    {
        var watch = Stopwatch.StartNew();
        var clock = new FakeTimeProvider(Start);
        var data = new LocalGitHubData();
        var portfolio = Portfolio.Generate(data, RepositoryCount, Start, seed: 20_260_318);
        var generation = watch.Elapsed;
        var changed = portfolio.Repositories.Where(r => r.Index % ChangedEvery == ChangedEvery / 2).ToList();
        var changedNames = changed.Select(r => r.Repository.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ids = portfolio.Repositories.Select(r => RepositoryId.Parse(r.Repository.FullName)).ToList();
        PrintPortfolio(portfolio, generation);

        // The server's budget is large so a backfill of 200 repositories never meets the reserve; what the cycle would
        // cost against GitHub's 5,000/h is computed from the counts.
        await using var github = await FakeGitHub.StartAsync(data, clock, rateLimit: 100_000_000);
        var prefix = $"bench:cycle:{Guid.NewGuid():N}:";
        var log = new ScanLog();
        var poster = new RecordingPoster();
        await using var services = Services(github, prefix, clock, log, poster);
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        try
        {
            var meter = new PhaseMeter(github, services.GetRequiredService<GitHubBudget>(), log);
            var scans = services.GetRequiredService<ScanCoordinator>();
            async Task ScanAll()
            {
                foreach (var id in ids)
                {
                    await scans.ScanAsync(id, ScanPriority.Background);
                }
            }

            var backfill = await meter.MeasureAsync("backfill (first scan of all 200)", ScanAll);
            var interval = services.GetRequiredService<IOptions<SchedulingOptions>>().Value.ScanInterval;
            clock.Advance(interval);
            var settle = await meter.MeasureAsync("settling rescan of all 200", ScanAll);

            var watchlists = services.GetRequiredService<WatchlistStore>();
            await watchlists.SaveAsync(Workspace, new Watchlist(WatchlistName, ids.Select(i => i.ToString()).ToList(), "bench", clock.GetUtcNow()));
            await watchlists.SubscribeAsync(new Subscription(Platform.Slack, Workspace, "CBENCH", WatchlistName, Alerts: true, Weekly: false, Sensitivity.Normal,
                DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", [], "bench", clock.GetUtcNow()));

            var from = clock.GetUtcNow();
            var to = from + interval;
            watch.Restart();
            foreach (var repository in changed)
            {
                portfolio.AddActivity(repository, from, to);
            }

            var mutation = watch.Elapsed;
            clock.SetUtcNow(to);
            var scanner = services.GetRequiredService<WatchlistScanner>();
            ScanSummary? summary = null;
            var cycle = await meter.MeasureAsync("cycle: 200 due, 20 changed", async () =>
                summary = await scanner.RunAsync(Workspace, WatchlistName, to.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), CancellationToken.None));

            clock.Advance(interval);
            ScanSummary? quietSummary = null;
            var quiet = await meter.MeasureAsync("next cycle: nothing changed", async () =>
                quietSummary = await scanner.RunAsync(Workspace, WatchlistName, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), CancellationToken.None));

            var (profiles, responses) = await ExpireProfilesAsync(redis, prefix);
            clock.Advance(interval);
            ScanSummary? expirySummary = null;
            var expiry = await meter.MeasureAsync("a cycle once the profiles expired", async () =>
                expirySummary = await scanner.RunAsync(Workspace, WatchlistName, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), CancellationToken.None));

            PrintPhases([backfill, settle, cycle, quiet, expiry], mutation);
            PrintSummary("cycle", summary!, poster);
            PrintSummary("next cycle", quietSummary!, poster);
            PrintSummary("cycle once the profiles expired", expirySummary!, poster);
            PrintCycle(cycle, changedNames, "The cycle (6 h after the settling rescan; 20 of 200 repositories changed)");
            PrintCycle(quiet, changedNames, "The next cycle (6 h later; nothing changed)");
            PrintBudget(cycle);
            PrintExpiry(expiry, profiles, responses, services.GetRequiredService<IOptions<GitHubOptions>>().Value, interval);
            PrintChecks([backfill, settle, cycle, quiet, expiry], github, log);
        }
        finally
        {
            await Measurements.DeletePrefixAsync(redis, prefix);
        }
    }

    private static ServiceProvider Services(FakeGitHub github, string prefix, FakeTimeProvider clock, ScanLog log, RecordingPoster poster)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = Measurements.RedisConnection,
            ["Redis:KeyPrefix"] = prefix,
            ["GitHub:BaseUrl"] = github.BaseUrl.ToString(),
            ["GitHub:Token"] = "bench",
            ["Affiliations:GitdmRepository"] = "",
            ["Adoption:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(log));
        services.AddHosting().AddCatalog().AddStore(configuration).AddGitHub().AddAffiliations().AddReports().AddAdoption();
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IHostApplicationLifetime, BenchmarkLifetime>();
        // What AddScheduling registers for a scan cycle, without Quartz and Slack: chat posts are recorded.
        services.AddOptions<SchedulingOptions>().BindConfiguration("Scheduling").ValidateDataAnnotations();
        services.AddSingleton<IChatPoster>(poster);
        services.AddSingleton<SchedulingMetrics>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<WatchlistScanner>();
        return services.BuildServiceProvider();
    }

    private static void PrintPortfolio(Portfolio portfolio, TimeSpan generation)
    {
        var repos = portfolio.Repositories.Select(r => r.Repository).ToList();
        var logins = portfolio.Repositories.SelectMany(r => r.Repository.Commits.Select(c => c.AuthorLogin!)
                .Concat(r.Repository.Pulls.Select(p => p.Login)).Concat(r.Repository.Issues.Select(i => i.Login))
                .Distinct(StringComparer.Ordinal))
            .ToList();
        Console.WriteLine(Invariant($"Portfolio: {repos.Count} repositories, {repos.Sum(r => r.Commits.Count):N0} commits ({repos.Min(r => r.Commits.Count)}–{repos.Max(r => r.Commits.Count)} each), {repos.Sum(r => r.Pulls.Count):N0} pull requests, {repos.Sum(r => r.Issues.Count):N0} issues, {repos.Sum(r => r.Comments.Count):N0} comments over 104 weeks"));
        Console.WriteLine(Invariant($"  logins: {logins.Count:N0} (repository, login) pairs, {logins.Distinct(StringComparer.Ordinal).Count():N0} distinct (profiles overlap); generated in {generation.TotalSeconds:0.0} s"));
        Console.WriteLine();
    }

    private static void PrintPhases(PhaseResult[] phases, TimeSpan mutation)
    {
        Console.WriteLine("| phase | wall time | requests sent | counted (non-304) | 304 | profile lookups | profiles left for later scans |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var phase in phases)
        {
            var profiles = phase.Attributed.Count(r => r.Endpoint == "users");
            Console.WriteLine(Invariant($"| {phase.Name} | {phase.Wall.TotalSeconds:0.0} s | {phase.Sent:N0} | {phase.Counted:N0} | {phase.NotModified:N0} | {profiles:N0} | {phase.ProfilesLeft:N0} |"));
        }

        Console.WriteLine(Invariant($"(adding 6 h of activity to 20 repositories: {mutation.TotalMilliseconds:0} ms)"));
        Console.WriteLine();
    }

    private static void PrintSummary(string name, ScanSummary summary, RecordingPoster poster) =>
        Console.WriteLine(Invariant($"WatchlistScanner {name}: ran {summary.Ran}, {summary.Repositories} repositories, {summary.Scanned} scanned, {summary.AlertsQueued} alerts queued, {summary.Delivered} delivered (recorded posts so far: {poster.Posted}){(summary.Problems.Count == 0 ? "" : "; problems: " + string.Join("; ", summary.Problems))}"));

    private static void PrintCycle(PhaseResult cycle, HashSet<string> changedNames, string title)
    {
        Console.WriteLine();
        Console.WriteLine(title + ":");
        Console.WriteLine();
        Console.WriteLine("| repositories | count | requests sent | counted (non-304) | 304 | sent per repository | counted per repository | new events ingested |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        void Row(string name, Func<string, bool> include)
        {
            var rows = cycle.Attributed.Where(r => include(r.Repository)).ToList();
            var scans = cycle.Scans.Where(s => include(s.Repository)).ToList();
            var count = scans.Count;
            var counted = rows.Count(r => r.Status != 304);
            Console.WriteLine(Invariant($"| {name} | {count} | {rows.Count:N0} | {counted:N0} | {rows.Count - counted:N0} | {(double)rows.Count / Math.Max(count, 1):0.0} | {(double)counted / Math.Max(count, 1):0.00} | {scans.Sum(s => s.Counted):N0} |"));
        }

        Row("unchanged", r => !changedNames.Contains(r));
        Row("changed", changedNames.Contains);
        Row("all", _ => true);
        Console.WriteLine();
        Console.WriteLine("| endpoint | unchanged: sent | unchanged: counted | changed: sent | changed: counted |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var endpoint in cycle.Attributed.Select(r => r.Endpoint).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var unchanged = cycle.Attributed.Where(r => r.Endpoint == endpoint && !changedNames.Contains(r.Repository)).ToList();
            var changedRows = cycle.Attributed.Where(r => r.Endpoint == endpoint && changedNames.Contains(r.Repository)).ToList();
            Console.WriteLine(Invariant($"| {endpoint} | {unchanged.Count} | {unchanged.Count(r => r.Status != 304)} | {changedRows.Count} | {changedRows.Count(r => r.Status != 304)} |"));
        }
    }

    private static void PrintBudget(PhaseResult cycle)
    {
        var perCycle = HourlyLimit * 6.0;
        Console.WriteLine();
        Console.WriteLine("Budget (GitHub: 5,000 requests/h per token; 304s to conditional requests are free):");
        Console.WriteLine(Invariant($"- counted requests per cycle ÷ (5,000/h × 6 h = 30,000): {cycle.Counted:N0} ÷ 30,000 = {cycle.Counted / perCycle:P2} (goal ≤ 10 %, i.e. ≤ 3,000 per cycle): {(cycle.Counted <= perCycle * 0.1 ? "met" : "NOT met")}"));
        Console.WriteLine(Invariant($"- counted requests per cycle ÷ 5,000 (the whole cycle inside one hour): {cycle.Counted / (double)HourlyLimit:P2} (goal ≤ 500): {(cycle.Counted <= HourlyLimit * 0.1 ? "met" : "NOT met")}"));
        Console.WriteLine(Invariant($"- requests sent per cycle, 304s included: {cycle.Sent:N0} ({cycle.Sent / 6.0:0} per hour averaged over the 6 h)"));
    }

    /// <summary>
    /// The store as it is GitHub__ProfileTtl (30 days) after the backfill, with nothing else changed: every profile
    /// the backfill wrote has expired (they were all written within minutes), and so have the cached <c>/users/…</c>
    /// responses (GitHub__ResponseCacheTtl, 7 days after their last use), while the pages every cycle reads stay cached.
    /// Only the local server's user bodies start with <c>{"login"</c>; its pages start with <c>[</c>, its repositories
    /// with <c>{"id"</c>.
    /// </summary>
    private static async Task<(int Profiles, int Responses)> ExpireProfilesAsync(IConnectionMultiplexer redis, string prefix)
    {
        var server = redis.GetServers()[0];
        var db = redis.GetDatabase();
        int profiles = 0, responses = 0;
        await foreach (var key in server.KeysAsync(pattern: prefix + "user:*", pageSize: 500))
        {
            await db.KeyDeleteAsync(key);
            profiles++;
        }

        await foreach (var key in server.KeysAsync(pattern: prefix + "etag:*", pageSize: 500))
        {
            var value = await db.StringGetAsync(key);
            if (!value.IsNullOrEmpty
                && Compression.Read((byte[])value!, ResponseCacheJsonContext.Default.CachedEntry) is { } entry
                && entry.Body.StartsWith("{\"login\"", StringComparison.Ordinal))
            {
                await db.KeyDeleteAsync(key);
                responses++;
            }
        }

        return (profiles, responses);
    }

    private static void PrintExpiry(PhaseResult expiry, int profiles, int responses, GitHubOptions options, TimeSpan interval)
    {
        var lookups = expiry.Attributed.Count(r => r.Endpoint == "users");
        var cycles = options.ProfileTtl / interval;
        Console.WriteLine();
        Console.WriteLine(Invariant($"Profile expiry ({options.ProfileTtl.TotalDays:0} days after the backfill; {profiles:N0} profiles and {responses:N0} cached /users responses gone, nothing else changed):"));
        Console.WriteLine(Invariant($"- that cycle: {expiry.Sent:N0} requests sent, {expiry.Counted:N0} counted ({lookups:N0} profile lookups) = {expiry.Counted / (HourlyLimit * 6.0):P1} of 30,000, {expiry.Counted / (double)HourlyLimit:P0} of one hour's 5,000"));
        Console.WriteLine(Invariant($"- the same lookups spread evenly over the profile TTL ({cycles:0} cycles): {lookups / cycles:0} per cycle"));
    }

    /// <summary>The three ledgers of the same traffic must agree: GitHubBudget, the server's log, and the scanner's per-scan results.</summary>
    private static void PrintChecks(PhaseResult[] phases, FakeGitHub github, ScanLog log)
    {
        Console.WriteLine();
        var problems = new List<string>();
        foreach (var phase in phases)
        {
            var serverSent = phase.Attributed.Count;
            var serverNotModified = phase.Attributed.Count(r => r.Status == 304);
            var scanSent = phase.Scans.Sum(s => s.Requests);
            var scanNotModified = phase.Scans.Sum(s => s.NotModified);
            // GraphQL history queries are counted by the client like any request but spend GraphQL points, not the REST
            // budget the server's remaining count follows.
            var graphQL = phase.Attributed.Count(r => r.Endpoint == "graphql" && r.Status != 304);
            if (serverSent != phase.Sent || serverNotModified != phase.NotModified || scanSent != phase.Sent || scanNotModified != phase.NotModified || phase.Spent != phase.Counted - graphQL)
            {
                problems.Add(Invariant($"{phase.Name}: budget {phase.Sent}/{phase.NotModified}, server {serverSent}/{serverNotModified} (spent {phase.Spent} + {graphQL} GraphQL queries), scans {scanSent}/{scanNotModified}"));
            }

            var statuses = phase.Attributed.Where(r => r.Status is not (200 or 304)).GroupBy(r => r.Status).Select(g => $"{g.Key}×{g.Count()}").ToList();
            if (statuses.Count > 0)
            {
                problems.Add($"{phase.Name}: other statuses {string.Join(", ", statuses)}");
            }
        }

        problems.AddRange(log.Warnings.Take(10));
        Console.WriteLine(problems.Count == 0
            ? Invariant($"Checks: GitHubBudget, the server's request log and the scanner's per-scan counts agree in every phase; every response was 200 or 304; no warnings. Server budget left: {github.Remaining:N0} of {github.RateLimit:N0}.")
            : "Checks FAILED:\n  " + string.Join("\n  ", problems));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record AttributedRequest(string Repository, string Endpoint, int Status);

    private sealed record PhaseResult(string Name, TimeSpan Wall, long Sent, long NotModified, long Spent, IReadOnlyList<AttributedRequest> Attributed, IReadOnlyList<ScanEntry> Scans, int ProfilesLeft)
    {
        public long Counted => Sent - NotModified;
    }

    private sealed class PhaseMeter(FakeGitHub github, GitHubBudget budget, ScanLog log)
    {
        public async Task<PhaseResult> MeasureAsync(string name, Func<Task> work)
        {
            github.ClearRequests();
            log.Clear();
            var sent = budget.RequestsSent;
            var notModified = budget.NotModified;
            var remaining = github.Remaining;
            var watch = Stopwatch.StartNew();
            await work();
            watch.Stop();
            return new PhaseResult(name, watch.Elapsed, budget.RequestsSent - sent, budget.NotModified - notModified, remaining - github.Remaining,
                Attribute(github.Requests), log.Scans, log.ProfilesLeft);
        }

        /// <summary>
        /// Scans run one after another, so a profile lookup (<c>/users/…</c>) belongs to the repository whose
        /// endpoints came just before it.
        /// </summary>
        private static List<AttributedRequest> Attribute(IReadOnlyList<GitHubRequest> requests)
        {
            var result = new List<AttributedRequest>(requests.Count);
            var current = "?";
            foreach (var request in requests)
            {
                var path = request.PathAndQuery.Split('?')[0].Trim('/').Split('/');
                string endpoint;
                if (path is ["repos", var owner, var name, .. var rest])
                {
                    current = $"{owner}/{name}";
                    endpoint = rest switch
                    {
                        [] => "repository",
                        ["issues", "comments"] => "comments",
                        [var one] => one,
                        _ => string.Join('/', rest),
                    };
                }
                else
                {
                    endpoint = path[0];
                }

                result.Add(new AttributedRequest(current, endpoint, request.Status));
            }

            return result;
        }
    }
}

public sealed record ScanEntry(string Repository, int Counted, long Requests, long NotModified, TimeSpan Elapsed);

/// <summary>Collects the scanner's own per-scan accounting ("Scanned …", "Profile lookups …") and every warning.</summary>
public sealed class ScanLog : ILoggerProvider
{
    private readonly ConcurrentQueue<ScanEntry> _scans = new();
    private readonly ConcurrentDictionary<string, int> _profilesLeft = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _warnings = new();

    public IReadOnlyList<ScanEntry> Scans => [.. _scans];

    /// <summary>Profiles still missing after each repository's last scan, summed.</summary>
    public int ProfilesLeft => _profilesLeft.Values.Sum();

    public IReadOnlyList<string> Warnings => [.. _warnings];

    public void Clear()
    {
        _scans.Clear();
        _profilesLeft.Clear();
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ScanLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                owner._warnings.Enqueue($"{category}: {formatter(state, exception)}");
            }

            if (category != typeof(RepositoryScanner).FullName || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                return;
            }

            object? Value(string key) => values.FirstOrDefault(v => v.Key == key).Value;
            switch (eventId.Name)
            {
                case "Scanned":
                    owner._scans.Enqueue(new ScanEntry((string)Value("Repository")!, (int)Value("Counted")!, (long)Value("Requests")!, (long)Value("NotModified")!, (TimeSpan)Value("Elapsed")!));
                    break;
                case "Profiles":
                    owner._profilesLeft[(string)Value("Repository")!] = (int)Value("Left")!;
                    break;
            }
        }
    }
}

/// <summary>Records alerts instead of posting them.</summary>
public sealed class RecordingPoster : IChatPoster
{
    private int _posted;

    public Platform Platform => Platform.Slack;

    public int Posted => Volatile.Read(ref _posted);

    public Task<PostResult> PostAsync(ChatTarget target, Reply reply, string idempotencyKey, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _posted);
        return Task.FromResult(new PostResult(PostOutcome.Delivered, $"bench-{n}"));
    }

    public Task<PostResult> UpdateAsync(ChatTarget target, PostedMessage message, Reply reply, CancellationToken cancellationToken) =>
        Task.FromResult(new PostResult(PostOutcome.Delivered, message.MessageId, Conversation: message.Conversation));

    public Task<PostedMessage?> FindPostedAsync(ChatTarget target, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) => Task.FromResult<PostedMessage?>(null);
}

/// <summary>A host lifetime that never stops (ScanCoordinator ties scans to ApplicationStopping).</summary>
public sealed class BenchmarkLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication()
    {
    }
}
