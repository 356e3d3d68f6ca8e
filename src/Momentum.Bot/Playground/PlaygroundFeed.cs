using System.Text.Json;
using System.Text.Json.Serialization;
using Momentum.Bot.Chat;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Playground;

/// <summary>A message posted to a playground channel: when, its outbox id, its summary and its HTML card.</summary>
public sealed record FeedPost(string Id, DateTimeOffset At, string Summary, string Html);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FeedPost))]
[JsonSerializable(typeof(FeedPost[]))]
public sealed partial class FeedJsonContext : JsonSerializerContext;

/// <summary>
/// The playground's chat platform: alerts and summaries for playground subscriptions are kept per channel in Redis
/// (newest first, the latest <see cref="MaxPosts"/>), and the page shows them as the channel's feed. An update
/// (an alert's "still rising" week) replaces the entry in place, keeping its id and its place in the feed, like Slack
/// and Teams change the message; an entry that has left the feed is gone, and the outbox posts anew.
/// </summary>
public sealed class PlaygroundFeed(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time) : IChatPoster
{
    public const int MaxPosts = 20;

    public Platform Platform => Platform.Playground;

    public async Task<PostResult> PostAsync(ChatTarget target, Reply reply, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(reply);
        var post = new FeedPost(idempotencyKey, time.GetUtcNow(), reply.Summary, HtmlRenderer.Render(reply));
        var key = keys.PlaygroundFeed(target.Channel);
        var db = redis.GetDatabase();
        await db.ListLeftPushAsync(key, JsonSerializer.Serialize(post, FeedJsonContext.Default.FeedPost));
        await db.ListTrimAsync(key, 0, MaxPosts - 1);
        return new PostResult(PostOutcome.Delivered, idempotencyKey, Conversation: target.Channel);
    }

    public async Task<PostResult> UpdateAsync(ChatTarget target, PostedMessage message, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reply);
        var key = keys.PlaygroundFeed(target.Channel);
        var db = redis.GetDatabase();
        var post = JsonSerializer.Serialize(new FeedPost(message.MessageId, time.GetUtcNow(), reply.Summary, HtmlRenderer.Render(reply)), FeedJsonContext.Default.FeedPost);
        // A post arriving meanwhile shifts the entries: set the entry only while it is still where it was read.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var values = await db.ListRangeAsync(key, 0, MaxPosts - 1);
            var index = Array.FindIndex(values, v => JsonSerializer.Deserialize((string)v!, FeedJsonContext.Default.FeedPost)!.Id == message.MessageId);
            if (index < 0)
            {
                return new PostResult(PostOutcome.MessageGone, Error: "the entry is no longer in the feed");
            }

            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.ListIndexEqual(key, index, values[index]));
            _ = transaction.ListSetByIndexAsync(key, index, post);
            if (await transaction.ExecuteAsync())
            {
                return new PostResult(PostOutcome.Delivered, message.MessageId, Conversation: target.Channel);
            }
        }

        return new PostResult(PostOutcome.Retry, Error: "the feed kept changing");
    }

    public async Task<PostedMessage?> FindPostedAsync(ChatTarget target, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        // An entry's id is the key it was posted with (an update keeps it), which is also what an update looks for.
        return (await PostsAsync(target.Channel)).Any(p => p.Id == idempotencyKey && p.At >= since) ? new PostedMessage(target.Channel, idempotencyKey) : null;
    }

    public async Task<FeedPost[]> PostsAsync(string channel)
    {
        var values = await redis.GetDatabase().ListRangeAsync(keys.PlaygroundFeed(channel), 0, MaxPosts - 1);
        return values.Select(v => JsonSerializer.Deserialize((string)v!, FeedJsonContext.Default.FeedPost)!).ToArray();
    }
}
