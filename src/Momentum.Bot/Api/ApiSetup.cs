namespace Momentum.Bot.Api;

public static class ApiSetup
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Api");
        // Every API error carries a detail, also the ones the framework writes itself (a body that is not JSON, a path
        // that matches no endpoint), so a client always learns what to change.
        // A body or query value that does not bind is the client's mistake (400), in Development too (where the
        // framework would otherwise throw and answer 500).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.Configure<ProblemDetailsOptions>(o =>
        {
            var earlier = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                if (string.IsNullOrEmpty(context.ProblemDetails.Detail) && context.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
                {
                    context.ProblemDetails.Detail = DetailFor(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);
                }
            };
        });
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            // The context's own converters apply only to its own options: the host's JSON options need them too.
            foreach (var converter in ApiJsonContext.Default.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }
        });
        return services;
    }

    private static string DetailFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => """The request could not be read: the body must be JSON of the documented shape (vendors: {"organizations":[{"name":"…","domains":["…"]}]}) and query values of their type (refresh=true|false).""",
        StatusCodes.Status404NotFound => "No API endpoint here. Projects are addressed as owner/repo: /api/v1/projects/{owner}/{repo}/momentum and …/vendors (catalog names such as cilium are for chat, not for the API).",
        StatusCodes.Status405MethodNotAllowed => "This endpoint does not take that method: momentum is GET; vendors is GET or PUT.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        _ => "The request failed; see the status code.",
    };

    /// <summary>The JSON API: projects (always), and the operator endpoints when <c>Api__AdminToken</c> is set.</summary>
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        app.MapProjectsApi();
        app.MapOrganizationsApi();
        app.MapDiscoverApi();
        app.MapOperatorApi();
        return app;
    }
}
