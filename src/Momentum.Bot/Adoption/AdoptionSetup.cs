using Microsoft.Extensions.Options;

namespace Momentum.Bot.Adoption;

public static class AdoptionSetup
{
    /// <summary>The sources by settings name (<c>Adoption__DepsDev__Enabled</c>, …).</summary>
    public static readonly IReadOnlyList<string> SourceNames = ["DepsDev", "Npm", "Crates", "DockerHub"];

    public static IServiceCollection AddAdoption(this IServiceCollection services)
    {
        services.AddOptions<AdoptionOptions>().BindConfiguration("Adoption").ValidateDataAnnotations().ValidateOnStart();
        foreach (var name in SourceNames)
        {
            services.AddOptions<AdoptionSourceOptions>(name).BindConfiguration($"Adoption:{name}").ValidateDataAnnotations().ValidateOnStart();
        }

        services.AddHttpClient(AdoptionHttp.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IAdoptionSource, DepsDevSource>();
        services.AddSingleton<IAdoptionSource, NpmSource>();
        services.AddSingleton<IAdoptionSource, CratesSource>();
        services.AddSingleton<IAdoptionSource, DockerHubSource>();
        services.AddSingleton<AdoptionStore>();
        services.AddSingleton<AdoptionHttp>();
        services.AddSingleton<AdoptionRefresher>();
        services.AddSingleton<AdoptionReadings>();
        return services;
    }
}
