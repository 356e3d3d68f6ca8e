using System.Text.Json;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// Watchlists, channel subscriptions and workspace settings, per workspace, plus two global indexes the scheduler
/// rebuilds its jobs from at start-up. <see cref="SchedulesChanged"/> tells this replica's scheduler at once when a
/// watchlist or subscription appears or goes (other replicas notice on their next resync).
/// </summary>
public sealed class WatchlistStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public const int MaxWatchlists = 50;
    public const int MaxProjects = 200;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Raised after a watchlist or subscription was created or removed on this replica.</summary>
    public event Action? SchedulesChanged;

    public async Task<Watchlist?> GetAsync(string workspace, string name)
    {
        var value = await Db.HashGetAsync(keys.Watchlists(workspace), name);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, WatchlistJsonContext.Default.Watchlist);
    }

    public async Task<List<Watchlist>> AllAsync(string workspace)
    {
        var entries = await Db.HashGetAllAsync(keys.Watchlists(workspace));
        return entries.Select(e => JsonSerializer.Deserialize((string)e.Value!, WatchlistJsonContext.Default.Watchlist)!).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<long> CountAsync(string workspace) => await Db.HashLengthAsync(keys.Watchlists(workspace));

    /// <summary>Creates or updates a watchlist; a new one is scheduled (its projects changing is not a schedule change).</summary>
    public async Task SaveAsync(string workspace, Watchlist watchlist)
    {
        ArgumentNullException.ThrowIfNull(watchlist);
        await Db.HashSetAsync(keys.Watchlists(workspace), watchlist.Name, JsonSerializer.Serialize(watchlist, WatchlistJsonContext.Default.Watchlist));
        if (await Db.SetAddAsync(keys.WatchlistIndex, $"{workspace}|{watchlist.Name}"))
        {
            SchedulesChanged?.Invoke();
        }
    }

    /// <summary>Deletes a watchlist and every subscription to it.</summary>
    public async Task<bool> DeleteAsync(string workspace, string name)
    {
        var removed = await Db.HashDeleteAsync(keys.Watchlists(workspace), name);
        await Db.SetRemoveAsync(keys.WatchlistIndex, $"{workspace}|{name}");
        foreach (var subscription in (await SubscriptionsAsync(workspace)).Where(s => s.Watchlist == name))
        {
            await UnsubscribeAsync(workspace, subscription.Id);
        }

        SchedulesChanged?.Invoke();
        return removed;
    }

    public async Task SubscribeAsync(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await Db.HashSetAsync(keys.Subscriptions(subscription.Workspace), subscription.Id, JsonSerializer.Serialize(subscription, WatchlistJsonContext.Default.Subscription));
        await Db.SetAddAsync(keys.SubscriptionIndex, $"{subscription.Workspace}|{subscription.Id}");
        SchedulesChanged?.Invoke();
    }

    public async Task<bool> UnsubscribeAsync(string workspace, string id)
    {
        var removed = await Db.HashDeleteAsync(keys.Subscriptions(workspace), id);
        await Db.SetRemoveAsync(keys.SubscriptionIndex, $"{workspace}|{id}");
        SchedulesChanged?.Invoke();
        return removed;
    }

    public async Task<Subscription?> GetSubscriptionAsync(string workspace, string id)
    {
        var value = await Db.HashGetAsync(keys.Subscriptions(workspace), id);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, WatchlistJsonContext.Default.Subscription);
    }

    public async Task<List<Subscription>> SubscriptionsAsync(string workspace)
    {
        var entries = await Db.HashGetAllAsync(keys.Subscriptions(workspace));
        return entries.Select(e => JsonSerializer.Deserialize((string)e.Value!, WatchlistJsonContext.Default.Subscription)!).ToList();
    }

    /// <summary>Every watchlist of every workspace, as (workspace, name): what the scheduler schedules scans for.</summary>
    public async Task<List<(string Workspace, string Name)>> AllWatchlistsAsync() =>
        (await Db.SetMembersAsync(keys.WatchlistIndex)).Select(m => Split(m.ToString())).ToList();

    /// <summary>Every subscription of every workspace: what the scheduler schedules digests for.</summary>
    public async Task<List<Subscription>> AllSubscriptionsAsync()
    {
        // All reads in flight at once (the multiplexer pipelines them): one round trip, not one per subscription.
        var reads = (await Db.SetMembersAsync(keys.SubscriptionIndex)).Select(member =>
        {
            var (workspace, id) = Split(member.ToString());
            return GetSubscriptionAsync(workspace, id);
        }).ToList();
        return (await Task.WhenAll(reads)).OfType<Subscription>().ToList();
    }

    public async Task<string?> TimeZoneAsync(string workspace)
    {
        var value = await Db.HashGetAsync(keys.Settings(workspace), "tz");
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    public Task SetTimeZoneAsync(string workspace, string timeZone) => Db.HashSetAsync(keys.Settings(workspace), "tz", timeZone);

    private static (string, string) Split(string member)
    {
        var bar = member.IndexOf('|', StringComparison.Ordinal);
        return (member[..bar], member[(bar + 1)..]);
    }
}
