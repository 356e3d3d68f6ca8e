using System.Text.Json;
using System.Text.Json.Serialization;
using Momentum.Bot.Chat;
using Momentum.Bot.Hosting;
using Momentum.Engine;

namespace Momentum.Bot.Store;

public sealed record Watchlist(string Name, IReadOnlyList<string> Projects, string CreatedBy, DateTimeOffset CreatedAt)
{
    /// <summary>GitHub topics the watchlist follows: its weekly summary lists their new entrants (<c>watchlist follow</c>).</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];
}

/// <summary>A channel's subscription to a watchlist: alerts, a weekly summary at a local day and time, or both.</summary>
public sealed record Subscription(
    Platform Platform,
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

    public ChatTarget Target => new(Platform, Workspace, Channel);

    public static string IdOf(Platform platform, string channel, string watchlist) => $"{platform.Name()}:{channel}:{watchlist}";
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(CamelCaseEnumConverter<Platform>), typeof(JsonStringEnumConverter<Sensitivity>), typeof(JsonStringEnumConverter<DayOfWeek>)])]
[JsonSerializable(typeof(Watchlist))]
[JsonSerializable(typeof(Subscription))]
internal sealed partial class WatchlistJsonContext : JsonSerializerContext;
