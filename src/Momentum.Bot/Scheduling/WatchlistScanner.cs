using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.Commands;
using Momentum.Bot.GitHub;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Scheduling;

public sealed record ScanSummary(bool Ran, int Repositories, int Scanned, int AlertsQueued, int Delivered, IReadOnlyList<string> Problems);

/// <summary>
/// One scan cycle of a watchlist: scan its repositories (each at most once a cycle, however many watchlists hold it),
/// detect end-user spikes on complete weeks for every subscription with alerts, write the alerts to the outbox, and
/// deliver. Runs once cluster-wide per slot, under a Redis lease.
/// </summary>
public sealed partial class WatchlistScanner(
    WatchlistStore watchlists,
    CommandRunner runner,
    WorkspaceReports reports,
    ScanCoordinator scans,
    ActivityStore activity,
    OutboxStore outbox,
    OutboxDelivery delivery,
    RedisLeases leases,
    RedisKeys keys,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    ILogger<WatchlistScanner> logger)
{
    private int _completed;

    /// <summary>Runs finished on this replica, whether or not it held the lease (for health checks and tests).</summary>
    public int CompletedRuns => Volatile.Read(ref _completed);

    public async Task<ScanSummary> RunAsync(string workspace, string name, string slot, CancellationToken cancellationToken)
    {
        try
        {
            return await RunLeasedAsync(workspace, name, slot, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _completed);
        }
    }

    private async Task<ScanSummary> RunLeasedAsync(string workspace, string name, string slot, CancellationToken cancellationToken)
    {
        await using var lease = await leases.TryAcquireAsync(keys.Lease($"scan:{workspace}:{name}:{slot}"), options.Value.LeaseTtl);
        if (lease is null)
        {
            return new ScanSummary(false, 0, 0, 0, 0, ["another replica runs this scan"]);
        }

        lease.KeepAlive(time);
        if (await watchlists.GetAsync(workspace, name) is not { } watchlist)
        {
            return new ScanSummary(false, 0, 0, 0, 0, [$"no watchlist {name}"]);
        }

        var subscriptions = (await watchlists.SubscriptionsAsync(workspace)).Where(s => s.Watchlist == name && s.Alerts).ToList();
        var problems = new List<string>();
        int repositories = 0, scanned = 0, queued = 0;
        foreach (var text in watchlist.Projects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await runner.ResolveAsync(text, workspace) is not { } project)
            {
                problems.Add($"{text}: not a known project");
                continue;
            }

            foreach (var repository in project.Repositories)
            {
                repositories++;
                if (await ScanIfDueAsync(repository, problems))
                {
                    scanned++;
                }
            }

            foreach (var subscription in subscriptions)
            {
                queued += await QueueAlertsAsync(project, text, subscription, problems, cancellationToken);
            }
        }

        var delivered = await delivery.DeliverDueAsync(cancellationToken);
        Scanned(logger, workspace, name, repositories, scanned, queued);
        return new ScanSummary(true, repositories, scanned, queued, delivered, problems);
    }

    /// <summary>A repository another watchlist scanned this cycle is not scanned again.</summary>
    private async Task<bool> ScanIfDueAsync(RepositoryId repository, List<string> problems)
    {
        var state = await activity.GetStateAsync(repository);
        if (state.LastScan is { } last && time.GetUtcNow() - last < options.Value.ScanInterval / 2)
        {
            return false;
        }

        try
        {
            await scans.ScanAsync(repository, ScanPriority.Background);
            return true;
        }
        catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
        {
            problems.Add($"{repository}: {ex.Message}");
            return false;
        }
    }

    private async Task<int> QueueAlertsAsync(Project project, string argument, Subscription subscription, List<string> problems, CancellationToken cancellationToken)
    {
        Reports.ProjectReport report;
        try
        {
            report = await reports.GetAsync(project, subscription.Workspace, sensitivity: subscription.Sensitivity, exclude: subscription.Exclude, background: true, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
        {
            problems.Add($"{project.Name}: {ex.Message}");
            return 0;
        }

        // Complete weeks only (the engine never flags a partial week), and only recent ones.
        var from = Week.Of(time.GetUtcNow()).Plus(-options.Value.AlertWeeks).Start;
        var queued = 0;
        foreach (var spike in report.Report.Spikes.Where(s => s.WeekStart >= from))
        {
            var id = OutboxStore.IdOf(subscription.Workspace, subscription.Platform, subscription.Channel, project.Name, spike.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "end-user-spike");
            var reply = AlertReplies.Spike(report, spike, argument);
            if (await outbox.EnqueueAsync(id, "end-user-spike", new ChatTarget(subscription.Platform, subscription.Workspace, subscription.Channel), JsonSerializer.Serialize(reply, ReplyJsonContext.Default.Reply), time.GetUtcNow()))
            {
                queued++;
            }
        }

        return queued;
    }

    [LoggerMessage(1, LogLevel.Information, "Watchlist {Workspace}/{Name}: {Repositories} repositories, {Scanned} scanned, {Queued} alerts queued")]
    private static partial void Scanned(ILogger logger, string workspace, string name, int repositories, int scanned, int queued);
}
