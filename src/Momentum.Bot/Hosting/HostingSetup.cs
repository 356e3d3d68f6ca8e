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
        services.AddOptions<ShutdownOptions>().BindConfiguration("Shutdown").ValidateDataAnnotations()
            .Validate(o => o.DrainTimeout < o.Timeout, "Shutdown__DrainTimeout must be shorter than Shutdown__Timeout (the drain happens within the host's deadline).")
            .ValidateOnStart();
        // The host's own deadline for stopping everything; below the pod's grace period (30 s by default), so the
        // process exits before Kubernetes kills it.
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
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

    /// <summary>The deadline for stopping everything after SIGTERM; keep it below the pod's <c>terminationGracePeriodSeconds</c>.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "00:15:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(25);
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
