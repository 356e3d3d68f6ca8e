using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;

namespace Momentum.Bot.GitHub;

/// <summary>
/// One scan per repository at a time: concurrent requests in this process share one scan, and a Redis lease keeps
/// other replicas from scanning it at the same time (they wait for the holder and then use what it stored). A shared
/// scan runs at the highest priority of those waiting on it. The lease is short (<c>GitHub__ScanLeaseTtl</c>, renewed
/// while the scan runs) and every scan is listed in Redis while it runs, so a scan whose replica died is resumed by
/// any replica's scheduler (<see cref="ResumeInterruptedAsync"/>) within seconds, not when someone next asks — and
/// by whoever was waiting for it, at once.
/// </summary>
public sealed class ScanCoordinator(
    RepositoryScanner scanner,
    ActivityStore activity,
    GitHubBudget budget,
    GitHubMetrics metrics,
    RedisLeases leases,
    RedisKeys keys,
    ScanProgressStore progress,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxWaitForOther = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<RepositoryId, RunningScan> _running = new();

    /// <summary>Raised when a scan of a repository ends on this replica (or it waited for another replica's).</summary>
    public event Action<RepositoryId>? Scanned;

    /// <summary>
    /// Scans the repository, or joins the scan already running. Null: another replica did the scan. A scan is not
    /// tied to whoever asked first: it runs until done (or the host stops), so its result is stored either way.
    /// </summary>
    /// <param name="historyWeeks">The history to read (null: <c>GitHub__HistoryWeeks</c>); a shorter one is cheaper, and a later longer scan extends it.</param>
    /// <param name="profileLookups">Profile requests the scan may spend (null: <c>GitHub__ProfileLookupsPerScan</c>); a first answer spends few and leaves the rest to the scan behind it. A joiner takes the running scan's.</param>
    public Task<ScanResult?> ScanAsync(RepositoryId repo, ScanPriority priority, int? historyWeeks = null, int? profileLookups = null)
    {
        var weeks = options.Value.HistoryWeeksFor(historyWeeks);
        var scanPriority = new RequestPriority(priority);
        var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var candidate = new RunningScan(scanPriority, weeks, listed, new Lazy<Task<ScanResult?>>(() => Signalling(RunAsync(repo, scanPriority, weeks, profileLookups, listed, lifetime.ApplicationStopping), listed)));
        var scan = _running.GetOrAdd(repo, candidate);
        if (!ReferenceEquals(scan, candidate))
        {
            metrics.Scan("joined");
            if (scan.HistoryWeeks > weeks)
            {
                // It reads more than this asker needs (the rest of a history behind a first answer).
                _ = scan.Run.Value;
                return StoredOrListedAsync(scan, repo, priority, weeks);
            }

            // A person who joins a scheduled scan waits on it: from now on it runs (and any paused request resumes) as theirs.
            scan.Priority.Raise(priority);
            if (scan.HistoryWeeks < weeks)
            {
                // The running scan reads less history than this asker needs: after it, one more scan extends it.
                return ThenDeeperAsync(scan, repo, priority, weeks);
            }
        }

        return scan.Run.Value;
    }

    /// <summary>
    /// For an asker who needs fewer weeks than the running scan reads. When a scan that landed before it already stored
    /// them (the first answer's, behind which this one loads the rest), the asker reads the store at once and the scan
    /// stays in the background: a person raising it would queue every one of its requests beside people's. Otherwise
    /// (say, a scheduled first scan) it runs as theirs, and what they need is stored once its listings are, before its
    /// backfill and profile lookups.
    /// </summary>
    private async Task<ScanResult?> StoredOrListedAsync(RunningScan scan, RepositoryId repo, ScanPriority priority, int weeks)
    {
        if ((await activity.GetStateAsync(repo)).Covers(time.GetUtcNow(), weeks))
        {
            return null;
        }

        scan.Priority.Raise(priority);
        await scan.Listed.Task;
        return null;
    }

    /// <summary>The run, with <paramref name="listed"/> settled when it ends (if the scan never got that far, the same way).</summary>
    private static async Task<ScanResult?> Signalling(Task<ScanResult?> run, TaskCompletionSource listed)
    {
        try
        {
            var result = await run;
            listed.TrySetResult();
            return result;
        }
        catch (OperationCanceledException ex)
        {
            listed.TrySetCanceled(ex.CancellationToken);
            throw;
        }
        catch (Exception ex)
        {
            listed.TrySetException(ex);
            throw;
        }
    }

    private async Task<ScanResult?> ThenDeeperAsync(RunningScan shorter, RepositoryId repo, ScanPriority priority, int weeks)
    {
        try
        {
            await shorter.Run.Value;
        }
        catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
        {
            // The longer scan meets the same answer and says so.
        }

        return await ScanAsync(repo, priority, weeks);
    }

    private async Task<ScanResult?> RunAsync(RepositoryId repo, RequestPriority priority, int historyWeeks, int? profileLookups, TaskCompletionSource listed, CancellationToken cancellationToken)
    {
        try
        {
            // Yield so the entry is visible in _running before any real work starts.
            await Task.Yield();
            using var scope = budget.UsePriority(priority);
            var waited = TimeSpan.Zero;
            while (true)
            {
                await using var lease = await leases.TryAcquireAsync(keys.ScanLease(repo), options.Value.ScanLeaseTtl);
                if (lease is not null)
                {
                    lease.KeepAlive(time);
                    await progress.StartedAsync(repo, time.GetUtcNow());
                    var ended = false;
                    try
                    {
                        // Octokit's calls cannot be cancelled: at shutdown the scan is left to the process's end and its
                        // lease handed back now, so another replica resumes it at once instead of when the lease lapses.
                        var result = await ScanMeasuredAsync(repo, historyWeeks, profileLookups, () => listed.TrySetResult(), cancellationToken).WaitAsync(cancellationToken);
                        ended = true;
                        return result;
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        // It failed (GitHub said no): it is not interrupted, so nobody resumes it.
                        ended = true;
                        throw;
                    }
                    finally
                    {
                        // Cut short by a shutdown, it stays listed: another replica resumes it once the lease lapses.
                        if (ended)
                        {
                            await progress.EndedAsync(repo);
                        }
                    }
                }

                if (waited >= MaxWaitForOther)
                {
                    throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"Another replica has been scanning {repo} for over {MaxWaitForOther.TotalMinutes:0} minutes.");
                }

                // Another replica is scanning: wait for it to finish, then use what it stored.
                waited += await leases.WaitWhileHeldAsync(keys.ScanLease(repo), PollInterval, MaxWaitForOther - waited, time, cancellationToken);

                if (waited > TimeSpan.Zero)
                {
                    if (await progress.IsListedAsync(repo))
                    {
                        // The lease lapsed with the scan still listed: its holder died mid-scan. Take it over now
                        // rather than answer from half a history and leave it to the next scheduler pass.
                        metrics.Scan("resumed");
                        continue;
                    }

                    metrics.Scan("elsewhere");
                    return null;
                }
            }
        }
        finally
        {
            _running.TryRemove(repo, out _);
            Scanned?.Invoke(repo);
        }
    }

    /// <summary>Starts again every listed scan that no replica holds (its replica died or stopped); answers how many.</summary>
    public async Task<int> ResumeInterruptedAsync()
    {
        var resumed = 0;
        foreach (var repo in await progress.ListedAsync())
        {
            if (_running.ContainsKey(repo) || await leases.IsHeldAsync(keys.ScanLease(repo)))
            {
                continue;
            }

            metrics.Scan("resumed");
            // Nobody waits for it; its failure is the scanner's to log, and its result is stored either way.
            _ = ScanAsync(repo, ScanPriority.Background).ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            resumed++;
        }

        return resumed;
    }

    private async Task<ScanResult> ScanMeasuredAsync(RepositoryId repo, int historyWeeks, int? profileLookups, Action listed, CancellationToken cancellationToken)
    {
        metrics.Scan("started");
        using var span = Telemetry.Source.StartActivity("scan");
        span?.SetTag("momentum.repository", repo.ToString());
        var started = time.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await scanner.ScanAsync(repo, historyWeeks, cancellationToken, profileLookups, listed);
            outcome = "finished";
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by a shutdown: its lease goes back and another replica resumes it.
            outcome = "interrupted";
            throw;
        }
        finally
        {
            span?.SetTag("momentum.outcome", outcome);
            metrics.Scan(outcome);
            metrics.ScanTook(time.GetElapsedTime(started), outcome);
        }
    }

    /// <param name="Listed">Settled once the scan has stored its listings (commits, pull requests, issues, comments), before backfill and profiles.</param>
    private sealed record RunningScan(RequestPriority Priority, int HistoryWeeks, TaskCompletionSource Listed, Lazy<Task<ScanResult?>> Run);
}
