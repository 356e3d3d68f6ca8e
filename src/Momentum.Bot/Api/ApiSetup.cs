namespace Momentum.Bot.Api;

public static class ApiSetup
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Api");
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

    /// <summary>The JSON API: projects (always), and the operator endpoints when <c>Api__AdminToken</c> is set.</summary>
    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        app.MapProjectsApi();
        app.MapOperatorApi();
        return app;
    }
}
