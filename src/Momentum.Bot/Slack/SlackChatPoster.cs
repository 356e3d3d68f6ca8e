using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Slack;

/// <summary>
/// Proactive Slack posts: chat.postMessage with the outbox id in the message's metadata
/// (<c>event_type: momentum_delivery</c>), chat.update to change it later (an alert's "still rising" week; the
/// metadata stays the original's), and conversations.history to find it again after a crash.
/// </summary>
public sealed class SlackChatPoster(SlackApiClient api, SlackTokens tokens, SlackCharts charts) : IChatPoster
{
    public const string MetadataType = "momentum_delivery";

    private const int MaxHistoryPages = 5;

    private static readonly HashSet<string> PermanentErrors = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "account_inactive", "invalid_auth", "token_revoked",
        "not_authed", "missing_scope", "restricted_action", "team_access_not_granted", "msg_too_long", "invalid_blocks",
    };

    /// <summary>chat.update's answers when the message is not there to change: post a new one instead.</summary>
    private static readonly HashSet<string> GoneErrors = new(StringComparer.Ordinal)
    {
        "message_not_found", "cant_update_message", "edit_window_closed",
    };

    public Platform Platform => Platform.Slack;

    public Task<PostResult> PostAsync(ChatTarget target, Reply reply, string idempotencyKey, CancellationToken cancellationToken) =>
        DeliverAsync(target, reply, updating: false, async (token, message) =>
        {
            message["metadata"] = new JsonObject
            {
                ["event_type"] = MetadataType,
                ["event_payload"] = new JsonObject { ["id"] = idempotencyKey },
            };
            // No waiting in here: the outbox schedules retries (and honours Retry-After) itself.
            var answer = await api.PostMessageAsync(token, target.Channel, message, target.Thread, cancellationToken, retry: false);
            return new PostResult(PostOutcome.Delivered, answer.TryGetProperty("ts", out var ts) ? ts.GetString() : null, Conversation: answer.TryGetProperty("channel", out var channel) ? channel.GetString() : target.Channel);
        }, cancellationToken);

    /// <summary>chat.update of the posted message; one that is not there to change is <see cref="PostOutcome.MessageGone"/>.</summary>
    public Task<PostResult> UpdateAsync(ChatTarget target, PostedMessage message, Reply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Changing a message twice to the same text is harmless: after an unknown outcome the outbox simply tries again.
        return DeliverAsync(target, reply, updating: true, async (token, body) =>
        {
            body["channel"] = message.Conversation;
            body["ts"] = message.MessageId;
            var answer = await api.CallAsync("chat.update", token, body, cancellationToken, retry: false);
            return new PostResult(PostOutcome.Delivered, answer.TryGetProperty("ts", out var ts) ? ts.GetString() : message.MessageId, Conversation: message.Conversation);
        }, cancellationToken);
    }

    /// <summary>The reply rendered for the workspace and sent with its bot token, Slack's answers mapped to outcomes.</summary>
    private async Task<PostResult> DeliverAsync(ChatTarget target, Reply reply, bool updating, Func<string, JsonObject, Task<PostResult>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (await tokens.BotTokenAsync(target.Workspace) is not { } token)
        {
            return new PostResult(PostOutcome.Permanent, Error: $"no Slack installation or bot token for {target.Workspace}");
        }

        var message = BlockKitRenderer.Render(await charts.PrepareAsync(reply, target.Workspace, cancellationToken));
        try
        {
            return await send(token, message);
        }
        catch (SlackApiException ex) when (updating && GoneErrors.Contains(ex.Error))
        {
            return new PostResult(PostOutcome.MessageGone, Error: ex.Error);
        }
        catch (SlackApiException ex) when (PermanentErrors.Contains(ex.Error))
        {
            return new PostResult(PostOutcome.Permanent, Error: ex.Error);
        }
        catch (SlackApiException ex)
        {
            return new PostResult(PostOutcome.Retry, Error: ex.Error, RetryAfter: ex.RetryAfter);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new PostResult(PostOutcome.Unknown, Error: ex.Message);
        }
    }

    public async Task<PostedMessage?> FindPostedAsync(ChatTarget target, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (await tokens.BotTokenAsync(target.Workspace) is not { } token)
        {
            return null;
        }

        // A few pages of the channel (newest first): enough for the weeks an alert or summary covers in a busy channel.
        string? cursor = null;
        for (var page = 0; page < MaxHistoryPages; page++)
        {
            var query = new JsonObject
            {
                ["channel"] = target.Channel,
                ["oldest"] = (since.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000000", CultureInfo.InvariantCulture),
                ["include_all_metadata"] = true,
                ["limit"] = 200,
            };
            if (cursor is not null)
            {
                query["cursor"] = cursor;
            }

            var history = await api.CallAsync("conversations.history", token, query, cancellationToken);
            if (!history.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var message in messages.EnumerateArray())
            {
                if (message.TryGetProperty("metadata", out var metadata)
                    && metadata.TryGetProperty("event_type", out var type) && type.GetString() == MetadataType
                    && metadata.TryGetProperty("event_payload", out var payload) && payload.TryGetProperty("id", out var id)
                    && id.GetString() == idempotencyKey
                    && message.TryGetProperty("ts", out var ts) && ts.GetString() is { Length: > 0 } found)
                {
                    return new PostedMessage(target.Channel, found);
                }
            }

            cursor = history.TryGetProperty("response_metadata", out var meta) && meta.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
            if (string.IsNullOrEmpty(cursor))
            {
                break;
            }
        }

        return null;
    }
}
