using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Scheduling;

/// <summary>Per subscription and followed topic: the repositories above the discovery bar at its last weekly summary.</summary>
public sealed class TopicBars(IConnectionMultiplexer redis, RedisKeys keys)
{
    public async Task<HashSet<string>> AboveAsync(string workspace, string subscriptionId, string topic) =>
        (await redis.GetDatabase().SetMembersAsync(keys.TopicAboveBar(workspace, subscriptionId, topic)))
            .Select(v => v.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces the set at once (one transaction): the next summary lists only what crossed the bar since.</summary>
    public async Task ReplaceAsync(string workspace, string subscriptionId, string topic, IReadOnlyCollection<string> repositories)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var key = keys.TopicAboveBar(workspace, subscriptionId, topic);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(key);
        if (repositories.Count > 0)
        {
            _ = transaction.SetAddAsync(key, repositories.Select(r => (RedisValue)r).ToArray());
        }

        await transaction.ExecuteAsync();
    }
}
