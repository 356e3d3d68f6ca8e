using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Slack;

/// <summary>
/// A signed slash command or interaction runs once: its signature (which covers the timestamp and the body) is
/// remembered in Redis for longer than the signature stays valid, so a replay within the window, on any replica, gets
/// an empty 200 (Slack's plain acknowledgement) and does nothing. Runs after <see cref="SlackSignatureFilter"/>.
/// </summary>
public sealed partial class SlackReplayFilter(IConnectionMultiplexer redis, RedisKeys keys, ILogger<SlackReplayFilter> logger) : IEndpointFilter
{
    // Timestamps are accepted up to five minutes either side of now: ten minutes covers every valid use of a signature.
    private static readonly TimeSpan Remembered = SlackSignatureVerifier.Window * 2;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var signature = request.Headers["X-Slack-Signature"].ToString();
        if (!await redis.GetDatabase().StringSetAsync(keys.SlackSignedRequest(signature), "1", Remembered, When.NotExists))
        {
            Replayed(logger, request.Path);
            return TypedResults.Ok();
        }

        return await next(context);
    }

    [LoggerMessage(1, LogLevel.Warning, "Ignored a replayed Slack request to {Path}: its signature was already handled")]
    private static partial void Replayed(ILogger logger, PathString path);
}
