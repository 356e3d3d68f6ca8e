using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace Momentum.Bot.Hosting;

/// <summary>
/// Redis (or Garnet) is down, hanging or failing over: the one test for it, the one sentence people read, and the HTTP
/// answer for any request that met it (503 with <c>Retry-After</c> and a problem-details <c>detail</c>).
/// </summary>
public static class StoreUnavailable
{
    public const string Message = "The store is unavailable, try again shortly.";

    /// <summary>Seconds a client is asked to wait (<c>Retry-After</c>).</summary>
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception exception) => exception switch
    {
        RedisConnectionException or TimeoutException => true,
        RedisServerException server => IsFailover(server),
        RedisException { InnerException: { } inner } => Is(inner),
        AggregateException aggregate => aggregate.InnerExceptions.Any(Is),
        _ => false,
    };

    // Answers of a Redis Cluster resharding or failing over (a slot moved, not served, or between owners), of a Sentinel
    // failover (the old primary became a replica, or lost its primary) and of a server still loading its data.
    // StackExchange.Redis names the kind of most replies; the prefix is the fallback for one it does not classify.
    private static readonly RedisErrorKind[] FailoverKinds =
        [RedisErrorKind.ClusterDown, RedisErrorKind.TryAgain, RedisErrorKind.Moved, RedisErrorKind.Ask, RedisErrorKind.ReadOnly, RedisErrorKind.MasterDown, RedisErrorKind.Loading];

    private static readonly string[] FailoverReplies = ["CLUSTERDOWN", "TRYAGAIN", "MOVED", "ASK", "READONLY", "MASTERDOWN", "LOADING"];

    private static bool IsFailover(RedisServerException exception) =>
        FailoverKinds.Contains(exception.Kind)
        || FailoverReplies.Any(reply => exception.Message.StartsWith(reply, StringComparison.Ordinal) && (exception.Message.Length == reply.Length || exception.Message[reply.Length] == ' '));
}

/// <summary>Turns a request that failed on the store into 503 + <c>Retry-After</c>, not a 500.</summary>
public sealed partial class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (!StoreUnavailable.Is(exception))
        {
            return false;
        }

        Unavailable(logger, httpContext.Request.Path, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = StoreUnavailable.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Store unavailable", Detail = StoreUnavailable.Message },
        });
    }

    [LoggerMessage(1, LogLevel.Warning, "A request to {Path} met an unavailable store: {Reason}")]
    private static partial void Unavailable(ILogger logger, PathString path, string reason);
}
