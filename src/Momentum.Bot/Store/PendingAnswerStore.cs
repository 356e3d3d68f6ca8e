using System.Globalization;
using Momentum.Bot.Chat;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// An answer promised ("Working on it…") and not yet delivered: enough to run the command again and deliver its answer
/// from any replica — the command (its text, or a card action and its value), who asked where, and the platform's own
/// way of answering later (<see cref="Destination"/>: a Slack response URL, a Teams conversation).
/// </summary>
public sealed record PendingAnswer(
    string Id,
    Platform Platform,
    string Workspace,
    string? Channel,
    string User,
    string? Text,
    string? Action,
    string? Value,
    string Destination,
    DateTimeOffset PromisedAt);

/// <summary>Promised answers in Redis, kept until they are delivered (or can no longer be).</summary>
public sealed class PendingAnswerStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>A promise nobody could keep is forgotten after this, whatever the platform.</summary>
    private static readonly TimeSpan KeepAtMost = TimeSpan.FromDays(1);

    private IDatabase Db => redis.GetDatabase();

    public async Task AddAsync(PendingAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(keys.PendingAnswer(answer.Id),
        [
            new HashEntry("platform", answer.Platform.Name()),
            new HashEntry("workspace", answer.Workspace),
            new HashEntry("channel", answer.Channel ?? ""),
            new HashEntry("user", answer.User),
            new HashEntry("text", answer.Text ?? ""),
            new HashEntry("action", answer.Action ?? ""),
            new HashEntry("value", answer.Value ?? ""),
            new HashEntry("destination", answer.Destination),
            new HashEntry("promisedAt", answer.PromisedAt.ToUnixTimeMilliseconds()),
        ]);
        _ = transaction.KeyExpireAsync(keys.PendingAnswer(answer.Id), KeepAtMost);
        _ = transaction.SortedSetAddAsync(keys.PendingAnswers(answer.Id), answer.Id, answer.PromisedAt.ToUnixTimeMilliseconds());
        await transaction.ExecuteAsync();
    }

    /// <summary>Ids of every promised answer not yet delivered, oldest first, across every shard.</summary>
    public async Task<List<string>> IdsAsync(int max = 500)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, RedisKeys.Shards).Select(shard =>
            Db.SortedSetRangeByRankWithScoresAsync(keys.PendingAnswersShard(shard), 0, max - 1)));
        return shards.SelectMany(s => s).OrderBy(e => e.Score).ThenBy(e => e.Element.ToString(), StringComparer.Ordinal)
            .Take(max).Select(e => e.Element.ToString()).ToList();
    }

    public async Task<PendingAnswer?> GetAsync(string id)
    {
        var fields = (await Db.HashGetAllAsync(keys.PendingAnswer(id))).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        if (fields.Count == 0 || !Platforms.TryParse(fields.GetValueOrDefault("platform") ?? "", out var platform))
        {
            return null;
        }

        string? Text(string name) => fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        return new PendingAnswer(
            id,
            platform,
            fields.GetValueOrDefault("workspace") ?? "",
            Text("channel"),
            fields.GetValueOrDefault("user") ?? "",
            Text("text"),
            Text("action"),
            Text("value"),
            fields.GetValueOrDefault("destination") ?? "",
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields.GetValueOrDefault("promisedAt") ?? "0", CultureInfo.InvariantCulture)));
    }

    /// <summary>The answer was delivered, or never can be: forget it.</summary>
    public async Task RemoveAsync(string id)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(keys.PendingAnswer(id));
        _ = transaction.SortedSetRemoveAsync(keys.PendingAnswers(id), id);
        await transaction.ExecuteAsync();
    }
}
