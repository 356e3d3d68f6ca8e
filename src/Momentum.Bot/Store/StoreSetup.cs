using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

public static class StoreSetup
{
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
            // Start even if Redis is briefly down; /readyz reports it and commands retry on reconnect.
            options.AbortOnConnectFail = false;
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
        return services;
    }
}
