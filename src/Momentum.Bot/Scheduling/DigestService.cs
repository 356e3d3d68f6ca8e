using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Momentum.Bot.Cards;
using Momentum.Bot.Chat;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Scheduling;

/// <summary>
/// A subscription's weekly summary: built from stored data, written to the outbox once per local week, delivered. For
/// each topic the watchlist follows it lists the new entrants: projects of the topic's discovery (the day's cached one,
/// or a new run) at or above <c>Discover__FollowBar</c> that were not above it at the subscription's last summary and
/// are not on the watchlist, at most <c>Discover__FollowEntrants</c>.
/// </summary>
public sealed class DigestService(
    WatchlistStore watchlists,
    ReportService reports,
    DiscoveryService discovery,
    IOptions<DiscoveryOptions> discoveryOptions,
    TopicBars bars,
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

        var topics = new List<TopicEntrants>();
        var aboveBar = new List<(string Topic, string[] Repositories)>();
        foreach (var topic in watchlist.Topics)
        {
            var (entrants, above) = await EntrantsAsync(workspace, subscription, watchlist, topic);
            topics.Add(entrants);
            if (above is not null)
            {
                aboveBar.Add((topic, above));
            }
        }

        var lastComplete = Week.Of(time.GetUtcNow()).Previous.Start;
        var reply = WeeklySummary.Build(subscription, lastComplete, projects, failures, topics);
        var created = await outbox.EnqueueAsync(id, Kind, subscription.Target, JsonSerializer.Serialize(reply, ReplyJsonContext.Default.Reply), time.GetUtcNow());
        if (created)
        {
            // What was above the bar at this summary: the next one lists only what crossed it since.
            foreach (var (topic, repositories) in aboveBar)
            {
                await bars.ReplaceAsync(workspace, subscription.Id, topic, repositories);
            }
        }

        await delivery.DeliverAsync(id, cancellationToken);
        return created;
    }

    /// <summary>A followed topic's new entrants, and every repository above the bar now (null when the discovery failed: the last set stands).</summary>
    private async Task<(TopicEntrants Entrants, string[]? AboveBar)> EntrantsAsync(string workspace, Subscription subscription, Watchlist watchlist, string topic)
    {
        var settings = discoveryOptions.Value;
        var (query, error) = DiscoverQuery.Create(topic, null, null, null);
        if (query is null)
        {
            return (new TopicEntrants(topic, [], error), null);
        }

        DiscoveryResult result;
        try
        {
            result = await discovery.DiscoverAsync(query, workspace, onSlow: null);
        }
        catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
        {
            return (new TopicEntrants(topic, [], $"Could not discover topic:{topic}: {ex.Message}"), null);
        }

        var above = result.Projects.Where(p => p.Problem is null && p.Score >= settings.FollowBar).ToList();
        var before = await bars.AboveAsync(workspace, subscription.Id, topic);
        var watched = watchlist.Projects.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var entrants = above.Where(p => !before.Contains(p.Repository) && !watched.Contains(p.Repository)).Take(settings.FollowEntrants).ToList();
        return (new TopicEntrants(topic, entrants), above.Select(p => p.Repository).ToArray());
    }
}
