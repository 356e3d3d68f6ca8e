using Momentum.Bot.Hosting;
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
        bool first;
        try
        {
            first = await redis.GetDatabase().StringSetAsync(keys.SlackSignedRequest(signature), "1", Remembered, When.NotExists);
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex))
        {
            // Nothing can run without the store, so nothing can run twice: say so to the person (Slack shows a 200's
            // text to them; an error status would only make Slack report a failure, and retry nothing).
            StoreDown(logger, request.Path);
            return TypedResults.Text(UnavailableReply, "application/json");
        }

        if (!first)
        {
            Replayed(logger, request.Path);
            return TypedResults.Ok();
        }

        return await next(context);
    }

    private static readonly string UnavailableReply = new System.Text.Json.Nodes.JsonObject
    {
        ["response_type"] = "ephemeral",
        ["text"] = StoreUnavailable.Message,
    }.ToJsonString();

    [LoggerMessage(2, LogLevel.Warning, "The store is unavailable: answered a Slack request to {Path} without running it")]
    private static partial void StoreDown(ILogger logger, PathString path);

    [LoggerMessage(1, LogLevel.Warning, "Ignored a replayed Slack request to {Path}: its signature was already handled")]
    private static partial void Replayed(ILogger logger, PathString path);
}
