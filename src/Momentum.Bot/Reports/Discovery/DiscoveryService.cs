using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Reports.Discovery;

public sealed class DiscoveryOptions
{
    /// <summary>Search requests one discovery may make at most (GitHub allows 30 a minute in all).</summary>
    [Range(1, 10)]
    public int MaxSearchRequests { get; set; } = 10;

    /// <summary>Counted (non-304) core requests one discovery may spend on scanning candidates; the rest stay unscanned, said so.</summary>
    [Range(10, 100000)]
    public int RequestBudget { get; set; } = 3000;

    /// <summary>
    /// The history a candidate's scan reads, in weeks (the ranking needs 26). A later full report or watchlist scan of the
    /// same repository extends it to <c>GitHub__HistoryWeeks</c>, reading only the weeks it lacks.
    /// </summary>
    [Range(13, 104)]
    public int HistoryWeeks { get; set; } = 26;

    /// <summary>The discovery bar a followed topic's project must reach (its score) to be listed as a new entrant in a weekly summary.</summary>
    [Range(0.0, 1000.0)]
    public double FollowBar { get; set; } = 3;

    /// <summary>New entrants of one followed topic a weekly summary lists at most.</summary>
    [Range(1, 20)]
    public int FollowEntrants { get; set; } = 5;

    /// <summary>Candidates scanned at once.</summary>
    [Range(1, 16)]
    public int Parallelism { get; set; } = 4;

    /// <summary>The longest a discovery waits for the search limit to reset; beyond it, it stops with what it found.</summary>
    public TimeSpan MaxSearchWait { get; set; } = TimeSpan.FromSeconds(65);

    /// <summary>How long a finished discovery is served again without asking GitHub.</summary>
    [PositiveDuration]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The lease one replica holds while it runs a query (renewed every third of it while the run goes on): a replica
    /// that dies mid-run blocks the query this long at most before a waiting replica takes it over.
    /// </summary>
    [PositiveDuration]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// <c>discover</c>: candidates from GitHub search by topic (recently pushed, optionally under a star ceiling and in one
/// language), each scanned through the normal ingestion and caches (<see cref="ReportService"/>), ranked by end-user
/// momentum (<see cref="DiscoveryRule"/>). One run per query at a time in this process (askers join it) and across
/// replicas: the run holds a Redis lease, and a replica asked the same query meanwhile waits for the holder's result
/// (showing the holder's progress) instead of searching and scanning again; when the lease lapses without a result
/// (its holder died or failed), the waiter runs the query itself. A finished result is kept in Redis per workspace and
/// query for a day.
/// </summary>
public sealed partial class DiscoveryService(
    RepositorySearch search,
    ReportService reports,
    ProjectCatalog catalog,
    GitHubBudget budget,
    IConnectionMultiplexer redis,
    RedisKeys keys,
    RedisLeases leases,
    IOptions<DiscoveryOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DiscoveryService> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxWaitForOther = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, Running> _running = new();
    private readonly ConcurrentDictionary<string, string> _failed = new();

    /// <summary>Why the last run for this query failed on this replica (said once, then forgotten); null when it did not.</summary>
    public string? TakeFailure(DiscoverQuery query, string? workspace) =>
        _failed.TryRemove(RunKey(query, workspace), out var reason) ? reason : null;

    /// <summary>The stored result, if one is less than a day old (by this host's clock as well as the key's expiry).</summary>
    public async Task<DiscoveryResult?> CachedAsync(DiscoverQuery query, string? workspace)
    {
        ArgumentNullException.ThrowIfNull(query);
        var value = await redis.GetDatabase().StringGetAsync(keys.Discovery(workspace, query.Hash()));
        var result = value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, DiscoveryJsonContext.Default.DiscoveryResult);
        return result is not null && time.GetUtcNow() - result.AsOf < options.Value.CacheTtl ? result : null;
    }

    /// <summary>How far the run for this query has got on this replica; null when none runs.</summary>
    public DiscoveryProgress? Progress(DiscoverQuery query, string? workspace) =>
        _running.TryGetValue(RunKey(query, workspace), out var run) ? run.Progress : null;

    /// <summary>Starts the run (or joins the one running) without waiting for it; answers it.</summary>
    public Task<DiscoveryResult> StartAsync(DiscoverQuery query, string? workspace, Action<DiscoveryProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = RunKey(query, workspace);
        var candidate = new Running();
        var run = _running.GetOrAdd(key, candidate);
        if (progress is not null)
        {
            // Before the run starts, so its starter hears every step.
            run.Changed += progress;
        }

        if (ReferenceEquals(run, candidate))
        {
            _ = candidate.CompleteAsync(RunAsync(query, workspace, candidate, lifetime.ApplicationStopping));
        }

        return run.Task;
    }

    /// <summary>The result: from the store when a day old at most, else after a run (<paramref name="onSlow"/> is called first).</summary>
    public async Task<DiscoveryResult> DiscoverAsync(DiscoverQuery query, string? workspace, Action? onSlow, Action<DiscoveryProgress>? progress = null)
    {
        if (await CachedAsync(query, workspace) is { } cached)
        {
            return cached;
        }

        onSlow?.Invoke();
        return await StartAsync(query, workspace, progress);
    }

    private static string RunKey(DiscoverQuery query, string? workspace) => (workspace ?? "") + "|" + query.Hash();

    /// <summary>
    /// Runs the query under its lease, or waits for the replica holding it: its result when it lands, or the query
    /// taken over when the lease lapses without one.
    /// </summary>
    private async Task<DiscoveryResult> RunAsync(DiscoverQuery query, string? workspace, Running run, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            var leaseKey = keys.DiscoveryLease(workspace, query.Hash());
            var progressKey = keys.DiscoveryProgress(workspace, query.Hash());
            var waited = TimeSpan.Zero;
            while (true)
            {
                await using (var lease = await leases.TryAcquireAsync(leaseKey, options.Value.LeaseTtl))
                {
                    if (lease is not null)
                    {
                        lease.KeepAlive(time);
                        // Another replica may have finished it between this one's cache check and now.
                        return await CachedAsync(query, workspace) ?? await SearchAndRankAsync(query, workspace, run, progressKey, cancellationToken);
                    }
                }

                waited += await leases.WaitWhileHeldAsync(leaseKey, PollInterval, MaxWaitForOther - waited, time, cancellationToken, async () =>
                {
                    if (await SharedProgressAsync(progressKey) is { } shared)
                    {
                        run.Report(shared);
                    }
                });
                if (waited >= MaxWaitForOther && await leases.IsHeldAsync(leaseKey))
                {
                    throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"Another replica has been discovering topic:{query.Topic} for over {MaxWaitForOther.TotalMinutes:0} minutes.");
                }

                // The holder writes its result before it lets the lease go: no result means it died or failed.
                if (await CachedAsync(query, workspace) is { } theirs)
                {
                    WaitedForOther(logger, query.Topic);
                    return theirs;
                }

                TakingOver(logger, query.Topic);
                run.Restart();
            }
        }
        catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
        {
            _failed[RunKey(query, workspace)] = ex.Message;
            throw;
        }
        finally
        {
            _running.TryRemove(RunKey(query, workspace), out _);
        }
    }

    /// <summary>The holder's progress, as it writes it for replicas waiting on the same query.</summary>
    private async Task<DiscoveryProgress?> SharedProgressAsync(RedisKey progressKey)
    {
        var value = (string?)await redis.GetDatabase().StringGetAsync(progressKey);
        var parts = value?.Split(' ');
        return parts is [var candidates, var scanned]
               && int.TryParse(candidates, NumberStyles.None, CultureInfo.InvariantCulture, out var c)
               && int.TryParse(scanned, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? new DiscoveryProgress(c, n)
            : null;
    }

    private void Share(RedisKey progressKey, DiscoveryProgress progress) =>
        // Fire and forget: progress is a courtesy to waiting replicas, never worth slowing the run for.
        _ = redis.GetDatabase().StringSetAsync(progressKey, string.Create(CultureInfo.InvariantCulture, $"{progress.Candidates} {progress.Scanned}"), options.Value.LeaseTtl, flags: CommandFlags.FireAndForget);

    private async Task<DiscoveryResult> SearchAndRankAsync(DiscoverQuery query, string? workspace, Running run, RedisKey progressKey, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        var countedBefore = budget.Counted;
        var notes = new List<string>();
        var (hits, searches) = await SearchAsync(query, settings, notes, cancellationToken);
        run.Report(new DiscoveryProgress(hits.Count, 0));
        Share(progressKey, new DiscoveryProgress(hits.Count, 0));
        var scanned = 0;
        var ranked = new DiscoveredProject[hits.Count];
        var overBudget = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, hits.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                var hit = hits[i];
                if (budget.Counted - countedBefore >= settings.RequestBudget)
                {
                    Interlocked.Increment(ref overBudget);
                    ranked[i] = Unscanned(hit, "not scanned: this run's request budget is spent");
                }
                else
                {
                    ranked[i] = await MeasureAsync(hit, workspace);
                }

                var step = new DiscoveryProgress(hits.Count, Interlocked.Increment(ref scanned));
                run.Report(step);
                Share(progressKey, step);
            });
        if (overBudget > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{overBudget} candidates were not scanned: the run's budget of {settings.RequestBudget:N0} GitHub requests was spent. Ask again later; scanned ones are cached."));
        }

        var result = new DiscoveryResult(
            query,
            time.GetUtcNow(),
            hits.Count,
            ranked.OrderBy(p => p.Problem is null ? 0 : 1)
                .ThenByDescending(p => p.Score)
                .ThenByDescending(p => p.EndUserOrganizations)
                .ThenBy(p => p.Stars)
                .ThenBy(p => p.Repository, StringComparer.Ordinal)
                .ToList(),
            searches,
            budget.Counted - countedBefore,
            notes);
        await redis.GetDatabase().StringSetAsync(keys.Discovery(workspace, query.Hash()), JsonSerializer.Serialize(result, DiscoveryJsonContext.Default.DiscoveryResult), settings.CacheTtl);
        Discovered(logger, query.Topic, hits.Count, searches, result.Requests, time.GetElapsedTime(started));
        return result;
    }

    private async Task<(List<SearchHit> Hits, int Searches)> SearchAsync(DiscoverQuery query, DiscoveryOptions settings, List<string> notes, CancellationToken cancellationToken)
    {
        var text = query.SearchText(time.GetUtcNow());
        var perPage = Math.Min(100, query.Limit);
        var hits = new List<SearchHit>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var searches = 0;
        var fetched = 0;
        for (var page = 1; hits.Count < query.Limit; page++)
        {
            if (searches >= settings.MaxSearchRequests)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Search stopped at its limit of {settings.MaxSearchRequests} requests a run, with {hits.Count} candidates."));
                break;
            }

            SearchPage result;
            try
            {
                searches++;
                result = await search.SearchAsync(text, perPage, page, cancellationToken);
            }
            catch (SearchRateLimitedException ex) when (ex.Reset - time.GetUtcNow() <= settings.MaxSearchWait && searches < settings.MaxSearchRequests)
            {
                await Task.Delay(Max(ex.Reset - time.GetUtcNow(), TimeSpan.Zero), time, cancellationToken);
                page--;
                continue;
            }
            catch (SearchRateLimitedException ex) when (hits.Count > 0)
            {
                notes.Add($"{ex.Message} Ranked the {hits.Count} candidates found before it.");
                break;
            }
            catch (SearchRateLimitedException ex)
            {
                throw new GitHubUnavailableException(GitHubFailure.RateLimited, ex.Message, ex.Reset);
            }

            foreach (var hit in result.Hits.Where(h => !h.Archived && RepositoryId.TryParse(h.FullName, out _)))
            {
                if (hits.Count < query.Limit && seen.Add(hit.FullName))
                {
                    hits.Add(hit);
                }
            }

            fetched += result.Hits.Count;
            if (result.Hits.Count == 0 || fetched >= result.TotalCount)
            {
                break;
            }

            if (result.Remaining == 0 && result.Reset is { } reset && hits.Count < query.Limit)
            {
                // The limit is spent: wait for its reset if it is near, else say so and rank what there is.
                var wait = reset - time.GetUtcNow();
                if (wait > settings.MaxSearchWait)
                {
                    notes.Add($"GitHub's search limit (30 a minute) is spent until {reset:HH:mm:ss} UTC. Ranked the {hits.Count} candidates found before it.");
                    break;
                }

                await Task.Delay(Max(wait, TimeSpan.Zero), time, cancellationToken);
            }
        }

        return (hits, searches);
    }

    private async Task<DiscoveredProject> MeasureAsync(SearchHit hit, string? workspace)
    {
        var repository = RepositoryId.Parse(hit.FullName);
        try
        {
            var view = await reports.GetAsync(catalog.ForRepository(repository), new ReportRequest { Workspace = workspace, Priority = ScanPriority.Interactive, HistoryWeeks = options.Value.HistoryWeeks });
            var report = view.Report.Report;
            var stage = report.Stage;
            var momentum = DiscoveryRule.Measure(report.Weeks, DiscoveryRule.NewOrganizations(report.Organizations));
            return new DiscoveredProject(
                view.Report.Repositories.Count > 0 ? view.Report.Repositories[0] : hit.FullName,
                view.Report.Stars ?? hit.Stars,
                report.Window.EndUserContributors,
                stage?.Facts.EndUserOrganizations ?? report.Window.EndUserOrganizations,
                momentum.Growth is { } g ? Math.Round(g, 3) : null,
                momentum.Score,
                stage?.Stage,
                stage?.Evidence,
                momentum.Reason);
        }
        catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
        {
            return Unscanned(hit, "not scanned: " + ex.Message);
        }
    }

    private static DiscoveredProject Unscanned(SearchHit hit, string problem) =>
        new(hit.FullName, hit.Stars, 0, 0, null, double.MinValue, null, null, problem, problem);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(1, LogLevel.Information, "Discovered topic {Topic}: {Candidates} candidates, {Searches} search requests, {Requests} counted requests in {Elapsed}")]
    private static partial void Discovered(ILogger logger, string topic, int candidates, int searches, long requests, TimeSpan elapsed);

    [LoggerMessage(2, LogLevel.Information, "Discovery of topic {Topic}: another replica ran it; answered with its result")]
    private static partial void WaitedForOther(ILogger logger, string topic);

    [LoggerMessage(3, LogLevel.Warning, "Discovery of topic {Topic}: the replica running it let its lease lapse without a result; running it here")]
    private static partial void TakingOver(ILogger logger, string topic);

    private sealed class Running
    {
        private readonly Lock _gate = new();

        private readonly TaskCompletionSource<DiscoveryResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // A joiner may take the task before its starter has begun the run.
        public Task<DiscoveryResult> Task => _done.Task;

        public async Task CompleteAsync(Task<DiscoveryResult> run)
        {
            try
            {
                _done.TrySetResult(await run);
            }
            catch (OperationCanceledException ex)
            {
                _done.TrySetCanceled(ex.CancellationToken);
            }
#pragma warning disable CA1031 // Every failure goes to whoever waits for the run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _done.TrySetException(ex);
            }
        }

        public DiscoveryProgress Progress { get; private set; } = new(0, 0);

        public event Action<DiscoveryProgress>? Changed;

        /// <summary>This replica takes over a run it waited on: the dead holder's progress no longer applies.</summary>
        public void Restart()
        {
            lock (_gate)
            {
                Progress = new(0, 0);
            }
        }

        public void Report(DiscoveryProgress progress)
        {
            Action<DiscoveryProgress>? changed;
            lock (_gate)
            {
                if (progress.Scanned < Progress.Scanned)
                {
                    return;
                }

                Progress = progress;
                changed = Changed;
            }

            changed?.Invoke(progress);
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(CamelCaseEnumConverter<Stage>)], NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DiscoveryResult))]
public sealed partial class DiscoveryJsonContext : JsonSerializerContext;
