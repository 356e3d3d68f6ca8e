using Microsoft.Extensions.Options;
using Momentum.Bot.Api;
using Momentum.Bot.Catalog;
using Momentum.Bot.Commands;
using Momentum.Bot.Playground;
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
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MomentumOptions>>().Value;
            var catalog = options.CatalogPath is { Length: > 0 } path ? ProjectCatalog.Load(path) : ProjectCatalog.LoadBuiltIn();
            return options.Demo ? catalog.With(Demo.DemoHistory.Catalog) : catalog;
        });
        services.AddSingleton<MomentumService>();
        services.AddSingleton<CommandRunner>();
        services.AddSingleton<WorkspaceReports>();
        services.AddSingleton(new BackgroundJobs());
        services.AddHostedService<BackgroundJobRunner>();
        services.AddOptions<PlaygroundOptions>().BindConfiguration("Playground");
        return services;
    }
}
