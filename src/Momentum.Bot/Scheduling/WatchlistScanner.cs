using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Momentum.Bot.Adoption;
using Momentum.Bot.Cards;
using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Scheduling;

public sealed record ScanSummary(bool Ran, int Repositories, int Scanned, int AlertsQueued, int Delivered, IReadOnlyList<string> Problems);

/// <summary>
/// One scan cycle of a watchlist: refresh its repositories (each at most once a cycle, however many watchlists hold it),
/// detect end-user spikes on complete weeks for every subscription with alerts, write the alerts to the outbox, and
/// deliver. Runs once cluster-wide per slot, under a Redis lease.
/// </summary>
public sealed partial class WatchlistScanner(
    WatchlistStore watchlists,
    ReportService reports,
    AdoptionRefresher adoption,
    OutboxStore outbox,
    OutboxDelivery delivery,
    RedisLeases leases,
    RedisKeys keys,
    SchedulingMetrics metrics,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    ILogger<WatchlistScanner> logger)
{
    public const string AlertKind = "end-user-spike";

    /// <summary>What an update's id is made of besides channel, project, episode and week (its kind stays <see cref="AlertKind"/>).</summary>
    public const string AlertUpdateKind = "end-user-spike-update";

    public async Task<ScanSummary> RunAsync(string workspace, string name, string slot, CancellationToken cancellationToken)
    {
        var result = "failed";
        try
        {
            var summary = await RunLeasedAsync(workspace, name, slot, cancellationToken);
            result = summary.Ran ? "scanned" : "skipped";
            return summary;
        }
        finally
        {
            metrics.WatchlistRun(result);
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
            if (await reports.ResolveAsync(workspace, text) is not { } project)
            {
                problems.Add($"{text}: not a known project");
                continue;
            }

            var refresh = await reports.RefreshAsync(project, options.Value.ScanInterval / 2, ScanPriority.Background);
            repositories += refresh.Repositories;
            scanned += refresh.Scanned;
            problems.AddRange(refresh.Problems);
            // Adoption is read on the same schedule; a source that fails only makes its line say unavailable.
            await adoption.RefreshAsync(project, cancellationToken);
            foreach (var subscription in subscriptions)
            {
                queued += await QueueAlertsAsync(project, text, subscription, problems, cancellationToken);
            }
        }

        var delivered = await delivery.DeliverDueAsync(cancellationToken);
        Scanned(logger, workspace, name, repositories, scanned, queued);
        return new ScanSummary(true, repositories, scanned, queued, delivered, problems);
    }

    private async Task<int> QueueAlertsAsync(Project project, string argument, Subscription subscription, List<string> problems, CancellationToken cancellationToken)
    {
        ProjectReport report;
        try
        {
            var request = new ReportRequest
            {
                Workspace = subscription.Workspace,
                Scan = ScanPolicy.Never,
                Sensitivity = subscription.Sensitivity,
                ExcludedOrganizations = subscription.Exclude,
                Priority = ScanPriority.Background,
            };
            report = (await reports.GetAsync(project, request, cancellationToken)).Report;
        }
        catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
        {
            problems.Add($"{project.Name}: {ex.Message}");
            return 0;
        }

        // Complete weeks only (the engine never flags a partial week), and only recent ones.
        var from = Week.Of(time.GetUtcNow()).Plus(-options.Value.AlertWeeks).Start;
        var spikes = report.Report.Spikes.Where(s => s.WeekStart >= from).ToList();
        metrics.Alert("detected", AlertKind, spikes.Count);
        var queued = 0;
        // One alert per episode: its id is the episode's first week, so a later week of the same rise is not posted
        // again (the outbox keeps ids once); the newest week tells the episode when none of it was posted yet.
        foreach (var spike in spikes.GroupBy(s => s.EpisodeStart).Select(e => e.MaxBy(s => s.WeekStart)!))
        {
            // The platform's own workspace id: alert ids stay those made before workspace ids carried their platform.
            var episode = spike.EpisodeStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var week = spike.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var id = OutboxStore.IdOf(WorkspaceIds.Native(subscription.Workspace), subscription.Platform.Name(), subscription.Channel, project.Name, episode, AlertKind);
            var payload = JsonSerializer.Serialize(SpikeAlert.Build(report, spike, argument), ReplyJsonContext.Default.Reply);
            if (await outbox.EnqueueAsync(id, AlertKind, subscription.Target, payload, time.GetUtcNow(), week))
            {
                queued++;
                continue;
            }

            // The episode's alert exists: once it is in the channel (where the platform said) and shows an older week,
            // this week changes it to "still rising" — one update per channel, project, episode and week. Until the
            // first alert is sent, the next cycle asks again; an alert sent without a known place is left alone.
            if (await outbox.GetAsync(id) is { Status: OutboxStatus.Sent, Posted: not null } first
                && string.CompareOrdinal(week, first.Week ?? episode) > 0)
            {
                var update = OutboxStore.IdOf(WorkspaceIds.Native(subscription.Workspace), subscription.Platform.Name(), subscription.Channel, project.Name, episode, week, AlertUpdateKind);
                if (await outbox.EnqueueAsync(update, AlertKind, subscription.Target, payload, time.GetUtcNow(), week, updates: id))
                {
                    queued++;
                }
            }
        }

        metrics.Alert("queued", AlertKind, queued);
        return queued;
    }

    [LoggerMessage(1, LogLevel.Information, "Watchlist {Workspace}/{Name}: {Repositories} repositories, {Scanned} scanned, {Queued} alerts queued")]
    private static partial void Scanned(ILogger logger, string workspace, string name, int repositories, int scanned, int queued);
}
