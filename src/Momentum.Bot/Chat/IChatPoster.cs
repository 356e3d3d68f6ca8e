namespace Momentum.Bot.Chat;

public enum PostOutcome
{
    Delivered,

    /// <summary>Try again later: the platform said no for now (rate limits, transient failures).</summary>
    Retry,

    /// <summary>No answer came back (the connection dropped, a timeout): the post may have arrived. Check before trying again.</summary>
    Unknown,

    /// <summary>It will never work (channel gone, bot removed): stop and show it to an operator.</summary>
    Permanent,

    /// <summary>An update found no message to change (someone deleted it): post a new one instead.</summary>
    MessageGone,
}

/// <param name="MessageId">The platform's id of the message: Slack's <c>ts</c>, the Teams activity id, the playground feed entry.</param>
/// <param name="Conversation">Where the message is, as the platform answered it: the Slack channel id, the Teams conversation id.</param>
public sealed record PostResult(PostOutcome Outcome, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null, string? Conversation = null);

/// <summary>A message the bot posted, by the ids its platform needs to change it.</summary>
public sealed record PostedMessage(string Conversation, string MessageId);

/// <summary>
/// Posts proactive messages (alerts, weekly summaries) to one chat platform. Every post carries the outbox id as an
/// idempotency key the platform keeps with the message, so a successor can tell whether a crashed attempt got through.
/// </summary>
public interface IChatPoster
{
    Platform Platform { get; }

    Task<PostResult> PostAsync(ChatTarget target, Reply reply, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a message the bot posted with <paramref name="reply"/> (an alert's later week). The message keeps the
    /// idempotency key it was posted with. <see cref="PostOutcome.MessageGone"/> when the message is not there any more.
    /// </summary>
    Task<PostResult> UpdateAsync(ChatTarget target, PostedMessage message, Reply reply, CancellationToken cancellationToken);

    /// <summary>
    /// The message with this key already posted to the target since <paramref name="since"/>, where it is (so a later
    /// update can change it); null when there is none or the platform cannot tell.
    /// </summary>
    Task<PostedMessage?> FindPostedAsync(ChatTarget target, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken);
}
