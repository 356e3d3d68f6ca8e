using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

public static class StoreSetup
{
    /// <summary>Null when <c>ConnectionStrings__Redis</c> is unset or parses; else the line to stop with (without the value: it may hold a password).</summary>
    public static string? ConnectionStringProblem(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            return ConfigurationOptions.Parse(connectionString).EndPoints.Count > 0
                ? null
                : "Invalid setting ConnectionStrings__Redis: it names no server; must be a StackExchange.Redis connection string like host:6379,password=…";
        }
        catch (ArgumentException ex)
        {
            var reason = ex.ParamName is { } param ? ex.Message.Replace($" (Parameter '{param}')", "", StringComparison.Ordinal) : ex.Message;
            return $"Invalid setting ConnectionStrings__Redis: {reason.TrimEnd('.')}; must be a StackExchange.Redis connection string like host:6379,password=…";
        }
    }

    /// <summary>
    /// One multiplexer for the process: real Redis when <c>ConnectionStrings__Redis</c> is set, else an embedded,
    /// persisted Garnet server.
    /// </summary>
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration("Redis").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GarnetOptions>().BindConfiguration("Garnet").ValidateDataAnnotations().ValidateOnStart();
        var connectionString = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<GarnetOptions>>().Value;
                var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
                return new EmbeddedGarnet(Path.Combine(root, options.DataDir), options.Port);
            });
        }

        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var target = string.IsNullOrWhiteSpace(connectionString)
                ? sp.GetRequiredService<EmbeddedGarnet>().ConnectionString
                : connectionString;
            var options = ConfigurationOptions.Parse(target);
            var timeout = (int)sp.GetRequiredService<IOptions<RedisOptions>>().Value.Timeout.TotalMilliseconds;
            // Start even if Redis is briefly down; /readyz reports it and commands work again on reconnect.
            options.AbortOnConnectFail = false;
            // A store that is down or hanging fails within Redis__Timeout, well inside Slack's three seconds, and a
            // command sent while there is no connection fails at once rather than waiting in a backlog.
            options.ConnectTimeout = timeout;
            options.SyncTimeout = timeout;
            options.AsyncTimeout = timeout;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            // Timeouts are noticed on the heartbeat: a shorter one keeps "within Redis__Timeout" close to the setting.
            options.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        services.AddSingleton<ActivityStore>();
        services.AddSingleton<ProfileStore>();
        services.AddSingleton<RedisLeases>();
        services.AddSingleton<WatchlistStore>();
        services.AddSingleton<OutboxStore>();
        // Registered before the scheduler and the endpoints start: they see only platform-qualified workspaces.
        services.AddSingleton<WorkspaceMigration>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceMigration>());
        services.AddSingleton<StoreLayoutMigration>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreLayoutMigration>());
        services.AddSingleton<StoreGeneration>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreGeneration>());
        services.AddSingleton(sp => sp.GetRequiredService<StoreGeneration>().Probe);
        services.AddSingleton<PendingAnswerStore>();
        services.AddSingleton<ScanProgressStore>();
        return services;
    }
}
