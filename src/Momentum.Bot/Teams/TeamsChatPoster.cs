using Momentum.Bot.Charts;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Teams;

/// <summary>
/// Proactive Teams posts (alerts, weekly summaries) into the conversation a subscription names, through the
/// conversation reference stored when the bot was added there (or first spoken to). A channel gets a new thread.
/// </summary>
/// <remarks>
/// Exactly-once has a gap on Teams that Slack does not have: the Bot Connector takes no idempotency key and offers no
/// way to read a channel's messages back (only Microsoft Graph, with permissions this bot does not ask for), so
/// <see cref="FindPostedAsync"/> cannot tell whether a crashed attempt got through and answers "none". The outbox
/// id and its lease still make every alert and summary a single message; the one window left is a replica dying
/// after the connector accepted a post and before Redis recorded it, where the successor posts it a second time.
/// </remarks>
public sealed class TeamsChatPoster(BotConnectorClient connector, TeamsConversationStore conversations, TimeProvider time, ChartPublisher charts) : IChatPoster
{
    public Platform Platform => Platform.Teams;

    public Task<PostResult> PostAsync(ChatTarget target, Reply reply, string idempotencyKey, CancellationToken cancellationToken) =>
        DeliverAsync(target, updating: false, async reference =>
        {
            var id = await connector.SendAsync(reference.ServiceUrl, reference.Conversation, AdaptiveCardRenderer.Message(await charts.PublishAsync(reply, cancellationToken)), target.Thread, cancellationToken);
            return new PostResult(PostOutcome.Delivered, id, Conversation: reference.Conversation);
        }, cancellationToken);

    /// <summary>
    /// PUT v3/conversations/{conversation}/activities/{activity} with the new card. A 404 that is not the conversation
    /// itself gone means the message was deleted: <see cref="PostOutcome.MessageGone"/>, and the outbox posts anew.
    /// </summary>
    public Task<PostResult> UpdateAsync(ChatTarget target, PostedMessage message, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return DeliverAsync(target, updating: true, async reference =>
        {
            await connector.UpdateAsync(reference.ServiceUrl, message.Conversation, message.MessageId, AdaptiveCardRenderer.Message(await charts.PublishAsync(reply, cancellationToken)), cancellationToken);
            return new PostResult(PostOutcome.Delivered, message.MessageId, Conversation: message.Conversation);
        }, cancellationToken);
    }

    /// <summary>A post or an update into the target's stored conversation, with the connector's answers mapped to outcomes.</summary>
    private async Task<PostResult> DeliverAsync(ChatTarget target, bool updating, Func<TeamsConversation, Task<PostResult>> deliver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var reference = await conversations.GetAsync(target.Workspace, target.Channel);
        if (reference is null)
        {
            return new PostResult(PostOutcome.Permanent, Error: $"Momentum has no Teams conversation reference for {target.Channel}: add the app to that team or chat");
        }

        if (!reference.Active)
        {
            return new PostResult(PostOutcome.Permanent, Error: $"Momentum is no longer in Teams conversation {target.Channel} ({reference.DeadReason})");
        }

        try
        {
            return await deliver(reference);
        }
        catch (BotConnectorException ex) when (ex.ConversationGone)
        {
            await conversations.MarkDeadAsync(target.Workspace, target.Channel, ex.Code, time.GetUtcNow());
            return new PostResult(PostOutcome.Permanent, Error: $"{ex.Code}: the bot is not in that conversation any more");
        }
        catch (BotConnectorException ex) when (updating && ex.Status == 404)
        {
            return new PostResult(PostOutcome.MessageGone, Error: $"{ex.Code}: {ex.Message}");
        }
        catch (BotConnectorException ex) when (ex.Permanent)
        {
            return new PostResult(PostOutcome.Permanent, Error: $"{ex.Code}: {ex.Message}");
        }
        catch (BotConnectorException ex)
        {
            return new PostResult(PostOutcome.Retry, Error: $"{ex.Code}: {ex.Message}", RetryAfter: ex.RetryAfter);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new PostResult(PostOutcome.Unknown, Error: ex.Message);
        }
    }

    /// <summary>Unknown, so "no": see the remarks on the class for the window this leaves.</summary>
    public Task<PostedMessage?> FindPostedAsync(ChatTarget target, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<PostedMessage?>(null);
}
