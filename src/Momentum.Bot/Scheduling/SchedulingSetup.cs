using Momentum.Bot.Store;
using Quartz;

namespace Momentum.Bot.Scheduling;

public static class SchedulingSetup
{
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>().BindConfiguration("Scheduling").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SchedulingMetrics>();
        services.AddHostedService<OutboxGauges>();
        services.AddSingleton<OutboxDelivery>();
        services.AddSingleton<WatchlistScanner>();
        services.AddSingleton<DigestService>();
        services.AddSingleton<ScheduleRuns>();
        services.AddSingleton<TopicBars>();
        services.AddSingleton<ScanQueueStore>();
        services.AddSingleton<QueuedScans>();
        services.AddSingleton(sp => sp.GetRequiredService<QueuedScans>().Probe);
        services.AddScoped<ScanWatchlistJob>();
        services.AddScoped<WeeklyDigestJob>();
        services.AddScoped<DeliverOutboxJob>();
        services.AddQuartz(q =>
        {
            // Quartz keeps schedulers in a process-wide registry by name: each host gets its own.
            var instance = $"momentum-{Guid.NewGuid():N}";
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = instance;
                // Jobs are idempotent (leases, outbox ids): on shutdown they are told to stop rather than awaited forever.
                s.ShutdownJobInterruption = ShutdownJobInterruption.Always;
            });
            q.UseInMemoryStore();
            q.UseDefaultThreadPool(4);
            q.UseTimeProvider(TimeProvider.System);
        });
        if (configuration.GetValue("Scheduling:Enabled", true))
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            services.AddSingleton<ScheduleSynchronizer>();
            services.AddHostedService(sp => sp.GetRequiredService<ScheduleSynchronizer>());
            services.AddHostedService<ScanQueueWorkers>();
        }

        return services;
    }
}
