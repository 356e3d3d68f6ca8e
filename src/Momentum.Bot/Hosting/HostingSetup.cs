namespace Momentum.Bot.Hosting;

public static class HostingSetup
{
    /// <summary>The shared plumbing every feature may use: the clock, problem details, metrics, background work.</summary>
    public static IServiceCollection AddHosting(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddMetrics();
        services.AddSingleton<BackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWork>());
        return services;
    }
}
