using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Momentum.Bot.Chat;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

public enum OutboxStatus
{
    Pending,
    Sent,
    Undeliverable,
}

/// <summary>A message waiting to be (or already) delivered. <see cref="Payload"/> is the serialized reply.</summary>
public sealed record OutboxItem(
    string Id,
    string Kind,
    ChatTarget Target,
    string Payload,
    OutboxStatus Status,
    int Attempts,
    DateTimeOffset? AttemptStarted,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    string? MessageId,
    string? Error)
{
    /// <summary>The week whose evidence the message shows (alerts), so a later week of the episode is known to be new.</summary>
    public string? Week { get; init; }

    /// <summary>For an update: the id of the outbox message it changes (the episode's first alert).</summary>
    public string? Updates { get; init; }

    /// <summary>The conversation the platform posted it in (Slack channel id, Teams conversation id), with <see cref="OutboxItem.MessageId"/>.</summary>
    public string? PostedIn { get; init; }

    /// <summary>Where the message is now, when the platform said (what an update changes).</summary>
    public PostedMessage? Posted => PostedIn is { } conversation && MessageId is { } message ? new PostedMessage(conversation, message) : null;
}

/// <summary>
/// The outbox: alerts and summaries are written here first, under an id derived from what they are (workspace,
/// channel, project, week, kind), so the same message can be created only once, whoever creates it and however
/// often; delivery workers then post them with retries and mark them sent (or undeliverable, for an operator).
/// </summary>
public sealed class OutboxStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    private static readonly TimeSpan KeepDelivered = TimeSpan.FromDays(120);

    private const string EnqueueScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'kind', ARGV[1], 'platform', ARGV[2], 'workspace', ARGV[3], 'channel', ARGV[4], 'thread', ARGV[5],
          'payload', ARGV[6], 'status', 'Pending', 'attempts', 0, 'nextAttemptAt', ARGV[7], 'createdAt', ARGV[7], 'week', ARGV[9], 'updates', ARGV[10])
        redis.call('ZADD', KEYS[2], ARGV[7], ARGV[8])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    private RedisKey Item(string id) => keys.OutboxItem(id);

    // An item and the queues it is in share its shard's slot (Redis Cluster), so each change below stays atomic.
    private RedisKey Due(string id) => keys.OutboxDue(id);

    private RedisKey Undeliverable(string id) => keys.OutboxUndeliverable(id);

    /// <summary>The id of a message from what it is: the same inputs always give the same id.</summary>
    public static string IdOf(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..32];

    /// <summary>
    /// Creates the message unless one with this id exists; true when created. <paramref name="week"/>: the week an alert
    /// shows; <paramref name="updates"/>: the id of the message this one changes in place (an alert's later week).
    /// </summary>
    public async Task<bool> EnqueueAsync(string id, string kind, ChatTarget target, string payload, DateTimeOffset now, string? week = null, string? updates = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var at = now.ToUnixTimeMilliseconds();
        return (long)await Db.ScriptEvaluateAsync(EnqueueScript, [Item(id), Due(id)],
            [kind, target.Platform.Name(), target.Workspace, target.Channel, target.Thread ?? "", payload, at, id, week ?? "", updates ?? ""]) == 1;
    }

    /// <summary>Ids of pending messages whose next attempt is due, the longest due first, across every shard.</summary>
    public async Task<List<string>> DueAsync(DateTimeOffset now, int max = 100)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, RedisKeys.Shards).Select(shard =>
            Db.SortedSetRangeByScoreWithScoresAsync(keys.OutboxDueShard(shard), double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: max)));
        return shards.SelectMany(s => s).OrderBy(e => e.Score).ThenBy(e => e.Element.ToString(), StringComparer.Ordinal)
            .Take(max).Select(e => e.Element.ToString()).ToList();
    }

    /// <summary>
    /// Pending messages across every shard, and when the one next due was created. Synchronous on purpose: metric
    /// callbacks cannot await; the shards' reads go in one pipelined batch.
    /// </summary>
    public (long Pending, DateTimeOffset? NextDueCreated) PendingNow()
    {
        var batch = Db.CreateBatch();
        var lengths = new Task<long>[RedisKeys.Shards];
        var heads = new Task<SortedSetEntry[]>[RedisKeys.Shards];
        for (var shard = 0; shard < RedisKeys.Shards; shard++)
        {
            lengths[shard] = batch.SortedSetLengthAsync(keys.OutboxDueShard(shard));
            heads[shard] = batch.SortedSetRangeByRankWithScoresAsync(keys.OutboxDueShard(shard), 0, 0);
        }

        batch.Execute();
        Task.WaitAll([.. lengths, .. heads]);
        var pending = lengths.Sum(t => t.Result);
        var next = heads.SelectMany(t => t.Result).OrderBy(e => e.Score).Select(e => e.Element.ToString()).FirstOrDefault();
        if (next is null)
        {
            return (pending, null);
        }

        var created = Db.HashGet(Item(next), "createdAt");
        return (pending, created.TryParse(out long ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
    }

    public async Task<OutboxItem?> GetAsync(string id)
    {
        var fields = (await Db.HashGetAllAsync(Item(id))).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        if (fields.Count == 0)
        {
            return null;
        }

        DateTimeOffset? Instant(string name) => fields.TryGetValue(name, out var v) && v.Length > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(v, CultureInfo.InvariantCulture)) : null;
        string? Text(string name) => fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        return new OutboxItem(
            id,
            fields["kind"],
            new ChatTarget(Platforms.TryParse(fields["platform"], out var platform) ? platform : throw new InvalidDataException($"Outbox item {id} names an unknown platform."), fields["workspace"], fields["channel"], Text("thread")),
            fields["payload"],
            Enum.Parse<OutboxStatus>(fields["status"]),
            int.Parse(fields["attempts"], CultureInfo.InvariantCulture),
            Instant("attemptStarted"),
            Instant("nextAttemptAt") ?? DateTimeOffset.UnixEpoch,
            Instant("createdAt") ?? DateTimeOffset.UnixEpoch,
            Instant("sentAt"),
            Text("messageId"),
            Text("error"))
        {
            Week = Text("week"),
            Updates = Text("updates"),
            PostedIn = Text("postedIn"),
        };
    }

    /// <summary>
    /// Records that an attempt begins, before anything is posted, so a successor knows to check first. An earlier attempt
    /// whose outcome is still unknown keeps its start: the check looks back to the first post that may have arrived.
    /// </summary>
    public async Task StartAttemptAsync(string id, DateTimeOffset now)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(Item(id), "attemptStarted", now.ToUnixTimeMilliseconds(), When.NotExists);
        _ = transaction.HashIncrementAsync(Item(id), "attempts");
        await transaction.ExecuteAsync();
    }

    /// <param name="postedIn">The conversation the platform answered the post with (with <paramref name="messageId"/>: what an update changes).</param>
    public async Task MarkSentAsync(string id, DateTimeOffset now, string? messageId, string? postedIn = null)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(Item(id), [new HashEntry("status", nameof(OutboxStatus.Sent)), new HashEntry("sentAt", now.ToUnixTimeMilliseconds()), new HashEntry("messageId", messageId ?? ""), new HashEntry("postedIn", postedIn ?? "")]);
        _ = transaction.HashDeleteAsync(Item(id), "attemptStarted");
        _ = transaction.SortedSetRemoveAsync(Due(id), id);
        _ = transaction.KeyExpireAsync(Item(id), KeepDelivered);
        await transaction.ExecuteAsync();
    }

    private const string MovedScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'postedIn', ARGV[1], 'messageId', ARGV[2], 'week', ARGV[3])
        return 1
        """;

    /// <summary>
    /// Records on a sent message where it is now and which week it shows: after an update changed it, or a new post
    /// replaced one someone deleted (later updates change that one). Nothing when the message is no longer kept.
    /// </summary>
    public async Task MovedAsync(string id, PostedMessage posted, string? week)
    {
        ArgumentNullException.ThrowIfNull(posted);
        await Db.ScriptEvaluateAsync(MovedScript, [Item(id)], [posted.Conversation, posted.MessageId, week ?? ""]);
    }

    /// <param name="outcomeKnown">False when the attempt may have got through (no answer came back): the next attempt checks first.</param>
    public async Task RetryLaterAsync(string id, DateTimeOffset next, string error, bool outcomeKnown = true)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(Item(id), [new HashEntry("nextAttemptAt", next.ToUnixTimeMilliseconds()), new HashEntry("error", error)]);
        if (outcomeKnown)
        {
            _ = transaction.HashDeleteAsync(Item(id), "attemptStarted");
        }

        _ = transaction.SortedSetAddAsync(Due(id), id, next.ToUnixTimeMilliseconds());
        await transaction.ExecuteAsync();
    }

    public async Task MarkUndeliverableAsync(string id, DateTimeOffset now, string error)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(Item(id), [new HashEntry("status", nameof(OutboxStatus.Undeliverable)), new HashEntry("error", error)]);
        _ = transaction.HashDeleteAsync(Item(id), "attemptStarted");
        _ = transaction.SortedSetRemoveAsync(Due(id), id);
        _ = transaction.SortedSetAddAsync(Undeliverable(id), id, now.ToUnixTimeMilliseconds());
        _ = transaction.KeyExpireAsync(Item(id), KeepDelivered);
        await transaction.ExecuteAsync();
    }

    /// <summary>Messages that could not be delivered, newest first (for operators).</summary>
    public async Task<List<OutboxItem>> UndeliverableAsync(int max = 100)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, RedisKeys.Shards).Select(shard =>
            Db.SortedSetRangeByRankWithScoresAsync(keys.OutboxUndeliverableShard(shard), 0, max - 1, Order.Descending)));
        var reads = shards.SelectMany(s => s).OrderByDescending(e => e.Score).ThenBy(e => e.Element.ToString(), StringComparer.Ordinal)
            .Take(max).Select(e => GetAsync(e.Element.ToString())).ToList();
        return (await Task.WhenAll(reads)).OfType<OutboxItem>().ToList();
    }
}
