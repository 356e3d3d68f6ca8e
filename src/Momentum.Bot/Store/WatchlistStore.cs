using System.Text.Json;
using System.Text.Json.Serialization;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

public sealed record Watchlist(string Name, IReadOnlyList<string> Projects, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A channel's subscription to a watchlist: alerts, a weekly summary at a local day and time, or both.</summary>
public sealed record Subscription(
    string Platform,
    string Workspace,
    string Channel,
    string Watchlist,
    bool Alerts,
    bool Weekly,
    Sensitivity Sensitivity,
    DayOfWeek Day,
    TimeOnly Time,
    string TimeZone,
    IReadOnlyList<string> Exclude,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    /// <summary>Unique within the workspace: platform, channel and watchlist.</summary>
    public string Id => IdOf(Platform, Channel, Watchlist);

    public static string IdOf(string platform, string channel, string watchlist) => $"{platform}:{channel}:{watchlist}";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Watchlist))]
[JsonSerializable(typeof(Subscription))]
internal sealed partial class WatchlistJsonContext : JsonSerializerContext;

/// <summary>
/// Watchlists, channel subscriptions and workspace settings, per workspace (<c>ws:{workspace}:…</c>), plus two global
/// indexes the scheduler rebuilds its jobs from at start-up (<c>index:watchlists</c>, <c>index:subscriptions</c>).
/// </summary>
public sealed class WatchlistStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public const int MaxWatchlists = 50;
    public const int MaxProjects = 200;

    private IDatabase Db => redis.GetDatabase();

    private string Ws(string workspace) => WorkspaceStore.IsValidWorkspace(workspace)
        ? keys.Workspace(workspace)
        : throw new ArgumentException($"'{workspace}' is not a workspace id.", nameof(workspace));

    private RedisKey WatchlistIndex => keys.Prefix + "index:watchlists";

    private RedisKey SubscriptionIndex => keys.Prefix + "index:subscriptions";

    public async Task<Watchlist?> GetAsync(string workspace, string name)
    {
        var value = await Db.HashGetAsync(Ws(workspace) + "watchlists", name);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, WatchlistJsonContext.Default.Watchlist);
    }

    public async Task<List<Watchlist>> AllAsync(string workspace)
    {
        var entries = await Db.HashGetAllAsync(Ws(workspace) + "watchlists");
        return entries.Select(e => JsonSerializer.Deserialize((string)e.Value!, WatchlistJsonContext.Default.Watchlist)!).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<long> CountAsync(string workspace) => await Db.HashLengthAsync(Ws(workspace) + "watchlists");

    public async Task SaveAsync(string workspace, Watchlist watchlist)
    {
        ArgumentNullException.ThrowIfNull(watchlist);
        await Db.HashSetAsync(Ws(workspace) + "watchlists", watchlist.Name, JsonSerializer.Serialize(watchlist, WatchlistJsonContext.Default.Watchlist));
        await Db.SetAddAsync(WatchlistIndex, $"{workspace}|{watchlist.Name}");
    }

    /// <summary>Deletes a watchlist and every subscription to it.</summary>
    public async Task<bool> DeleteAsync(string workspace, string name)
    {
        var removed = await Db.HashDeleteAsync(Ws(workspace) + "watchlists", name);
        await Db.SetRemoveAsync(WatchlistIndex, $"{workspace}|{name}");
        foreach (var subscription in (await SubscriptionsAsync(workspace)).Where(s => s.Watchlist == name))
        {
            await UnsubscribeAsync(workspace, subscription.Id);
        }

        return removed;
    }

    public async Task SubscribeAsync(Subscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await Db.HashSetAsync(Ws(subscription.Workspace) + "subscriptions", subscription.Id, JsonSerializer.Serialize(subscription, WatchlistJsonContext.Default.Subscription));
        await Db.SetAddAsync(SubscriptionIndex, $"{subscription.Workspace}|{subscription.Id}");
    }

    public async Task<bool> UnsubscribeAsync(string workspace, string id)
    {
        var removed = await Db.HashDeleteAsync(Ws(workspace) + "subscriptions", id);
        await Db.SetRemoveAsync(SubscriptionIndex, $"{workspace}|{id}");
        return removed;
    }

    public async Task<Subscription?> GetSubscriptionAsync(string workspace, string id)
    {
        var value = await Db.HashGetAsync(Ws(workspace) + "subscriptions", id);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, WatchlistJsonContext.Default.Subscription);
    }

    public async Task<List<Subscription>> SubscriptionsAsync(string workspace)
    {
        var entries = await Db.HashGetAllAsync(Ws(workspace) + "subscriptions");
        return entries.Select(e => JsonSerializer.Deserialize((string)e.Value!, WatchlistJsonContext.Default.Subscription)!).ToList();
    }

    /// <summary>Every watchlist of every workspace, as (workspace, name): what the scheduler schedules scans for.</summary>
    public async Task<List<(string Workspace, string Name)>> AllWatchlistsAsync() =>
        (await Db.SetMembersAsync(WatchlistIndex)).Select(m => Split(m.ToString())).ToList();

    /// <summary>Every subscription of every workspace: what the scheduler schedules digests for.</summary>
    public async Task<List<Subscription>> AllSubscriptionsAsync()
    {
        // All reads in flight at once (the multiplexer pipelines them): one round trip, not one per subscription.
        var reads = (await Db.SetMembersAsync(SubscriptionIndex)).Select(member =>
        {
            var (workspace, id) = Split(member.ToString());
            return GetSubscriptionAsync(workspace, id);
        }).ToList();
        return (await Task.WhenAll(reads)).OfType<Subscription>().ToList();
    }

    public async Task<string?> TimeZoneAsync(string workspace)
    {
        var value = await Db.HashGetAsync(Ws(workspace) + "settings", "tz");
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    public Task SetTimeZoneAsync(string workspace, string timeZone) => Db.HashSetAsync(Ws(workspace) + "settings", "tz", timeZone);

    private static (string, string) Split(string member)
    {
        var bar = member.IndexOf('|', StringComparison.Ordinal);
        return (member[..bar], member[(bar + 1)..]);
    }
}
