using Microsoft.Extensions.Options;
using Momentum.Bot.Store;
using Octokit;
using StackExchange.Redis;

namespace Momentum.Bot.GitHub;

public static class GitHubSetup
{
    public static IServiceCollection AddGitHub(this IServiceCollection services)
    {
        services.AddOptions<GitHubOptions>().BindConfiguration("GitHub").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GitHubBudget>();
        services.AddSingleton<GitHubMetrics>();
        services.AddSingleton<IGitHubClient>(sp => GitHubClientFactory.Create(
            sp.GetRequiredService<IOptions<GitHubOptions>>().Value,
            new GitHubRateLimitHandler(
                sp.GetRequiredService<GitHubBudget>(),
                sp.GetRequiredService<GitHubMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<GitHubOptions>>(),
                sp.GetRequiredService<ILogger<GitHubRateLimitHandler>>())
            {
                InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), AutomaticDecompression = System.Net.DecompressionMethods.All },
            },
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<RedisKeys>()));
        services.AddSingleton<RepositoryScanner>();
        services.AddSingleton<ScanCoordinator>();
        services.AddSingleton<RepositorySearch>();
        return services;
    }
}
