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
}

public sealed record PostResult(PostOutcome Outcome, string? MessageId = null, string? Error = null, TimeSpan? RetryAfter = null);

/// <summary>
/// Posts proactive messages (alerts, weekly summaries) to one chat platform. Every post carries the outbox id as an
/// idempotency key the platform keeps with the message, so a successor can tell whether a crashed attempt got through.
/// </summary>
public interface IChatPoster
{
    Platform Platform { get; }

    Task<PostResult> PostAsync(ChatTarget target, Reply reply, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Whether a message with this key was already posted to the target since <paramref name="since"/>.</summary>
    Task<bool> AlreadyPostedAsync(ChatTarget target, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken);
}
