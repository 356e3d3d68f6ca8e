using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;

namespace Momentum.Bot.Demo;

/// <summary>The local GitHub of demo mode, started on first use with the generated demo history.</summary>
public sealed class DemoGitHub : IAsyncDisposable
{
    private readonly LocalGitHubServer _server;

    public DemoGitHub(TimeProvider time)
    {
        var data = new LocalGitHubData();
        DemoHistory.Seed(data, time.GetUtcNow());
        _server = LocalGitHubServer.StartAsync(data, time).GetAwaiter().GetResult();
    }

    public Uri BaseUrl => _server.BaseUrl;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

public static class DemoSetup
{
    /// <summary>
    /// <c>--demo</c> (or <c>Momentum__Demo=true</c>): GitHub is a local server with a generated, clearly labelled
    /// history, reached through the same ingestion path, so a first run shows real cards with no network.
    /// </summary>
    public static void ApplyDemoFlag(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (args.Contains("--demo", StringComparer.Ordinal))
        {
            builder.Configuration["Momentum:Demo"] = "true";
        }

        if (builder.Configuration.GetValue<bool>("Momentum:Demo"))
        {
            builder.Services.AddSingleton<DemoGitHub>();
            builder.Services.AddOptions<GitHubOptions>().PostConfigure<DemoGitHub>((options, demo) =>
            {
                options.BaseUrl = demo.BaseUrl;
                options.Token = null;
                options.RateLimitReserve = 0;
            });
        }
    }
}
