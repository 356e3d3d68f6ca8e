using Momentum.Bot.GitHub;

namespace Momentum.Bot.Demo;

public static class DemoSetup
{
    /// <summary>
    /// <c>--demo</c> (or <c>Momentum__Demo=true</c>): GitHub is a local server with a generated, clearly labelled
    /// history, reached through the same ingestion path, so a first run shows real cards with no network.
    /// </summary>
    public static void AddDemo(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (args.Contains("--demo", StringComparer.Ordinal))
        {
            builder.Configuration["Momentum:Demo"] = "true";
        }

        if (builder.Configuration.GetValue<bool>("Momentum:Demo"))
        {
            builder.Services.AddSingleton(DemoHistory.Catalog);
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
