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
        services.AddSingleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>();
        services.AddSingleton<GitHubBudget>();
        services.AddSingleton<GitHubMetrics>();
        services.AddKeyedSingleton<HttpMessageHandler>(typeof(GitHubSetup), (_, _) =>
            new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), AutomaticDecompression = System.Net.DecompressionMethods.All });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GitHubOptions>>();
            var app = options.Value.App.Enabled
                ? new GitHubAppInstallations(
                    options.Value.App,
                    options.Value.BaseUrl.AbsoluteUri.EndsWith('/') ? options.Value.BaseUrl : new Uri(options.Value.BaseUrl.AbsoluteUri + "/"),
                    sp.GetRequiredKeyedService<HttpMessageHandler>(typeof(GitHubSetup)),
                    sp.GetRequiredService<GitHubBudget>(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<GitHubAppInstallations>>())
                : null;
            return new GitHubCredentialPool(options, sp.GetRequiredService<GitHubBudget>(), sp.GetRequiredService<TimeProvider>(), app);
        });
        // One handler for REST (Octokit) and GraphQL: one concurrency limit, one view of every credential's budgets.
        services.AddSingleton(sp => new GitHubRateLimitHandler(
                sp.GetRequiredService<GitHubCredentialPool>(),
                sp.GetRequiredService<GitHubBudget>(),
                sp.GetRequiredService<GitHubMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<GitHubOptions>>(),
                sp.GetRequiredService<ILogger<GitHubRateLimitHandler>>())
            {
                InnerHandler = sp.GetRequiredKeyedService<HttpMessageHandler>(typeof(GitHubSetup)),
            });
        services.AddSingleton<IGitHubClient>(sp => GitHubClientFactory.Create(
            sp.GetRequiredService<IOptions<GitHubOptions>>().Value,
            sp.GetRequiredService<GitHubRateLimitHandler>(),
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<RedisKeys>(),
            sp.GetRequiredService<GitHubCredentialPool>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<GitHubGraphQL>();
        services.AddSingleton<RepositoryScanner>();
        services.AddSingleton<ScanCoordinator>();
        services.AddSingleton<RepositorySearch>();
        return services;
    }
}
