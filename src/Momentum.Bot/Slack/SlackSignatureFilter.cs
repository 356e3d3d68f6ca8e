using Microsoft.Extensions.Options;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Slack;

/// <summary>
/// Verifies a Slack request on its raw body before anything reads it: bodies over <c>Slack__MaxBodyBytes</c> get
/// 413, bad or stale signatures 401. The verified bytes are left in <c>HttpContext.Items</c> for the handler.
/// </summary>
public sealed partial class SlackSignatureFilter(SlackSignatureVerifier verifier, IOptions<SlackOptions> options, ILogger<SlackSignatureFilter> logger) : IEndpointFilter
{
    public const string BodyKey = "slack.body";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var max = options.Value.MaxBodyBytes;
        var (body, problem) = await RequestBody.ReadAtMostAsync(request, max, "Slack requests", context.HttpContext.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var check = verifier.Verify(request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body.Span);
        if (check != SignatureCheck.Valid)
        {
            Rejected(logger, request.Path, check);
            return TypedResults.Problem("The request's Slack signature is missing, stale or wrong.", statusCode: StatusCodes.Status401Unauthorized);
        }

        context.HttpContext.Items[BodyKey] = body;
        return await next(context);
    }

    /// <summary>The verified raw body of the current request.</summary>
    internal static ReadOnlyMemory<byte> Body(HttpContext http) => (ReadOnlyMemory<byte>)http.Items[BodyKey]!;

    [LoggerMessage(1, LogLevel.Warning, "Refused a Slack request to {Path}: {Check}")]
    private static partial void Rejected(ILogger logger, PathString path, SignatureCheck check);
}
