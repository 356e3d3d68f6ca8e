using Microsoft.Extensions.Options;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Teams;

/// <summary>
/// Authenticates a Bot Connector request before anything acts on it: the body is read within
/// <c>Teams__MaxBodyBytes</c> (else 413) and the bearer token validated against the activity it came with; any
/// failure is 401 and nothing is processed. An activity of a tenant the app does not serve gets 403. The parsed activity is left in <c>HttpContext.Items</c>.
/// </summary>
public sealed partial class TeamsAuthFilter(TeamsTokenValidator validator, IOptions<TeamsOptions> options, ILogger<TeamsAuthFilter> logger) : IEndpointFilter
{
    public const string ActivityKey = "teams.activity";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            Rejected(logger, TokenCheck.Missing);
            return Unauthorized();
        }

        var max = options.Value.MaxBodyBytes;
        var (body, problem) = await RequestBody.ReadAtMostAsync(http.Request, max, "Activities", http.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        // Not UTF-8 JSON, not an activity: no channel for the key to be endorsed for, so the check below refuses it (401).
        TeamsActivity? activity = null;
        using (var document = JsonFields.TryParse(body))
        {
            activity = document is null ? null : TeamsActivity.Parse(document.RootElement);
        }

        var check = await validator.ValidateAsync(authorization, activity?.ChannelId, activity?.ServiceUrl, activity?.TenantId, http.RequestAborted);
        if (check != TokenCheck.Valid || activity is null)
        {
            Rejected(logger, check);
            return Unauthorized();
        }

        // The tenant is in the body, which any valid token can carry: only the tenants this app serves get through.
        if (!options.Value.AllowsTenant(activity.TenantId))
        {
            ForeignTenant(logger, activity.TenantId is { Length: <= 64 } t ? t : "(none or conflicting)");
            return TypedResults.Problem("This Momentum does not serve the activity's Teams tenant.", statusCode: StatusCodes.Status403Forbidden);
        }

        http.Items[ActivityKey] = activity;
        return await next(context);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("The request's Bot Connector token is missing or not valid for this activity.", statusCode: StatusCodes.Status401Unauthorized);

    [LoggerMessage(1, LogLevel.Warning, "Refused a Teams activity: {Check}")]
    private static partial void Rejected(ILogger logger, TokenCheck check);

    [LoggerMessage(2, LogLevel.Warning, "Refused a Teams activity from tenant {Tenant}: not Teams__TenantId or in Teams__AllowedTenants")]
    private static partial void ForeignTenant(ILogger logger, string tenant);
}
