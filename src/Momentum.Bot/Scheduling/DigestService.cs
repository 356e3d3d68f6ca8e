using System.Globalization;
using System.Text.Json;
using Momentum.Bot.Cards;
using Momentum.Bot.Chat;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Scheduling;

/// <summary>A subscription's weekly summary: built from stored data, written to the outbox once per local week, delivered.</summary>
public sealed class DigestService(
    WatchlistStore watchlists,
    ReportService reports,
    OutboxStore outbox,
    OutboxDelivery delivery,
    SchedulingMetrics metrics,
    TimeProvider time)
{
    public const string Kind = "weekly-digest";

    /// <param name="localDate">The subscription's local date of this summary: one summary per subscription and date.</param>
    /// <returns>Whether this run created the summary (false: there was nothing to send, or it already existed).</returns>
    public async Task<bool> RunAsync(string workspace, string subscriptionId, DateOnly localDate, CancellationToken cancellationToken)
    {
        var result = "failed";
        try
        {
            var created = await BuildAndDeliverAsync(workspace, subscriptionId, localDate, cancellationToken);
            result = created switch { true => "queued", false => "repeated", null => "skipped" };
            return created == true;
        }
        finally
        {
            metrics.Digest(result);
        }
    }

    private async Task<bool?> BuildAndDeliverAsync(string workspace, string subscriptionId, DateOnly localDate, CancellationToken cancellationToken)
    {
        if (await watchlists.GetSubscriptionAsync(workspace, subscriptionId) is not { Weekly: true } subscription
            || await watchlists.GetAsync(workspace, subscription.Watchlist) is not { } watchlist)
        {
            return null;
        }

        // The platform's own workspace id: summary ids stay those made before workspace ids carried their platform.
        var id = OutboxStore.IdOf(WorkspaceIds.Native(workspace), subscription.Platform.Name(), subscription.Channel, subscription.Watchlist, localDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Kind);
        if (await outbox.GetAsync(id) is not null)
        {
            await delivery.DeliverAsync(id, cancellationToken);
            return false;
        }

        var projects = new List<(string, ProjectReport)>();
        var failures = new List<string>();
        var request = new ReportRequest
        {
            Workspace = workspace,
            Sensitivity = subscription.Sensitivity,
            ExcludedOrganizations = subscription.Exclude,
            Priority = ScanPriority.Background,
        };
        foreach (var text in watchlist.Projects)
        {
            if (await reports.ResolveAsync(workspace, text) is not { } project)
            {
                failures.Add($"{text} is not a known project.");
                continue;
            }

            try
            {
                projects.Add((text, (await reports.GetAsync(project, request, cancellationToken)).Report));
            }
            catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
            {
                failures.Add($"{project.Name}: {ex.Message}");
            }
        }

        var lastComplete = Week.Of(time.GetUtcNow()).Previous.Start;
        var reply = WeeklySummary.Build(subscription, lastComplete, projects, failures);
        var created = await outbox.EnqueueAsync(id, Kind, subscription.Target, JsonSerializer.Serialize(reply, ReplyJsonContext.Default.Reply), time.GetUtcNow());
        await delivery.DeliverAsync(id, cancellationToken);
        return created;
    }
}
