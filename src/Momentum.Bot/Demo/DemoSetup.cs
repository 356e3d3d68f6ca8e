using Momentum.Bot.GitHub;
using Momentum.Bot.Store;

namespace Momentum.Bot.Demo;

public static class DemoSetup
{
    /// <summary>
    /// <c>--demo</c> (or <c>Momentum__Demo=true</c>): GitHub is a local server with a generated, clearly labelled
    /// history, reached through the same ingestion path, so a first run shows real cards with no network.
    /// </summary>
    /// <summary>Appended to <c>Redis__KeyPrefix</c> in demo mode.</summary>
    public const string DemoKeyPrefix = "demo:";

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
            // The demo's local GitHub has no gitdm repository: demo reports use the demo's own organisations only.
            builder.Configuration["Affiliations:GitdmRepository"] = "";
            // Demo data lives apart from real data: its own key prefix (on a shared Redis) and its own Garnet folder, so
            // a later real run neither serves demo reports nor scans the demo's watchlists against real GitHub.
            builder.Services.PostConfigure<RedisOptions>(o => o.KeyPrefix += DemoKeyPrefix);
            builder.Services.PostConfigure<GarnetOptions>(o => o.DataDir = o.DataDir.TrimEnd('/', '\\') + "-demo");
            builder.Services.AddSingleton<DemoGitHub>();
            builder.Services.AddOptions<GitHubOptions>().PostConfigure<DemoGitHub>((options, demo) =>
            {
                options.BaseUrl = demo.BaseUrl;
                options.Token = null;
                options.Tokens = [];
                options.App = new GitHubAppOptions();
                options.RateLimitReserve = 0;
            });
        }
    }
}
