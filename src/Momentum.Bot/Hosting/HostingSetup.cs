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
        services.AddOptions<BackgroundWorkOptions>().BindConfiguration("Work").ValidateDataAnnotations().ValidateOnStart();
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

public sealed class BackgroundWorkOptions
{
    /// <summary>Pieces of background work (answers on their way, replies waiting for their channel) the host takes on at once.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int Capacity { get; set; } = 1000;

    /// <summary>Of those, at most this many for one workspace: a busy workspace is told "busy" before others are.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int PerWorkspace { get; set; } = 100;
}
