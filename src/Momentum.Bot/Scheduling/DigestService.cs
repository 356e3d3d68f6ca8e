using System.Globalization;
using System.Text.Json;
using Momentum.Bot.Commands;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Scheduling;

/// <summary>A subscription's weekly summary: built from stored data, written to the outbox once per local week, delivered.</summary>
public sealed class DigestService(
    WatchlistStore watchlists,
    CommandRunner runner,
    WorkspaceReports reports,
    OutboxStore outbox,
    OutboxDelivery delivery,
    TimeProvider time)
{
    private int _completed;

    /// <summary>Runs finished on this replica (for health checks and tests).</summary>
    public int CompletedRuns => Volatile.Read(ref _completed);

    /// <param name="localDate">The subscription's local date of this summary: one summary per subscription and date.</param>
    public async Task<bool> RunAsync(string workspace, string subscriptionId, DateOnly localDate, CancellationToken cancellationToken)
    {
        try
        {
            return await BuildAndDeliverAsync(workspace, subscriptionId, localDate, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _completed);
        }
    }

    private async Task<bool> BuildAndDeliverAsync(string workspace, string subscriptionId, DateOnly localDate, CancellationToken cancellationToken)
    {
        if (await watchlists.GetSubscriptionAsync(workspace, subscriptionId) is not { Weekly: true } subscription
            || await watchlists.GetAsync(workspace, subscription.Watchlist) is not { } watchlist)
        {
            return false;
        }

        var id = OutboxStore.IdOf(workspace, subscription.Platform, subscription.Channel, subscription.Watchlist, localDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "weekly-digest");
        if (await outbox.GetAsync(id) is not null)
        {
            await delivery.DeliverAsync(id, cancellationToken);
            return false;
        }

        var projects = new List<(string, ProjectReport)>();
        var failures = new List<string>();
        foreach (var text in watchlist.Projects)
        {
            if (await runner.ResolveAsync(text, workspace) is not { } project)
            {
                failures.Add($"{text} is not a known project.");
                continue;
            }

            try
            {
                projects.Add((text, await reports.GetAsync(project, workspace, sensitivity: subscription.Sensitivity, exclude: subscription.Exclude, background: true, cancellationToken: cancellationToken)));
            }
            catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
            {
                failures.Add($"{project.Name}: {ex.Message}");
            }
        }

        var lastComplete = Week.Of(time.GetUtcNow()).Previous.Start;
        var reply = AlertReplies.Digest(subscription, lastComplete, projects, failures);
        var created = await outbox.EnqueueAsync(id, "weekly-digest", new ChatTarget(subscription.Platform, workspace, subscription.Channel), JsonSerializer.Serialize(reply, ReplyJsonContext.Default.Reply), time.GetUtcNow());
        await delivery.DeliverAsync(id, cancellationToken);
        return created;
    }
}
