namespace Momentum.Bot.Hosting;

public static class HostingSetup
{
    /// <summary>The shared plumbing every feature may use: the clock, problem details, metrics, background work.</summary>
    public static IServiceCollection AddHosting(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddMetrics();
        services.AddOptions<ShutdownOptions>().BindConfiguration("Shutdown").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundWork>());
        return services;
    }
}

public sealed class ShutdownOptions
{
    /// <summary>How long running work (answers on their way, posts in flight) gets to finish when the host stops.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
