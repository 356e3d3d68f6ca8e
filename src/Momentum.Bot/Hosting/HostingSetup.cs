using Microsoft.Extensions.Options;
using Momentum.Bot.Api;
using Momentum.Bot.Catalog;
using Momentum.Bot.Reports;

namespace Momentum.Bot.Hosting;

public static class HostingSetup
{
    public static IServiceCollection AddMomentumCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddOptions<MomentumOptions>().BindConfiguration("Momentum").ValidateOnStart();
        services.AddOptions<ApiOptions>().BindConfiguration("Api");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MomentumOptions>>().Value.CatalogPath is { Length: > 0 } path
            ? ProjectCatalog.Load(path)
            : ProjectCatalog.LoadBuiltIn());
        services.AddSingleton<MomentumService>();
        return services;
    }
}
