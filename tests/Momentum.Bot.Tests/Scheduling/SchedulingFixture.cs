using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Commands;
using Momentum.Bot.Demo;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Tests.Infrastructure;
using Quartz;

namespace Momentum.Bot.Tests.Scheduling;

/// <summary>A host (or several on one Redis prefix) with GitHub and Slack faked at the wire.</summary>
public sealed class SchedulingHosts : IAsyncDisposable
{
    private readonly List<MomentumApp> _apps = [];

    private SchedulingHosts(FakeGitHub github, FakeSlack slack)
    {
        GitHub = github;
        Slack = slack;
    }

    public FakeGitHub GitHub { get; }

    public FakeSlack Slack { get; }

    public string Prefix { get; } = TestRedis.NewPrefix();

    public static async Task<SchedulingHosts> StartAsync()
    {
        var data = new LocalGitHubData();
        SpikingRepository.Seed(data);
        return new SchedulingHosts(await FakeGitHub.StartAsync(data), await FakeSlack.StartAsync());
    }

    public MomentumApp Host(string? redis = null, Dictionary<string, string?>? extra = null, DateTimeOffset? now = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = Slack.ApiBaseUrl.ToString(),
            ["Scheduling:DeliveryRetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var app = new MomentumApp(GitHub, settings, redis, Prefix, start: now);

        _ = app.Services; // start it
        _apps.Add(app);
        return app;
    }

    public IReadOnlyList<SlackCall> Posts => Slack.Calls.Where(c => c.Path == "/api/chat.postMessage").ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await Slack.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}

public static class HostExtensions
{
    public static readonly CommandContext Channel = new(Platform.Slack, "slack:T1", "C1", "U1");

    public static async Task<Reply> RunAsync(this MomentumApp app, string text, CommandContext? context = null) =>
        await app.Services.GetRequiredService<CommandDispatcher>().RunAsync(CommandParser.Parse(text), context ?? Channel);

    /// <summary>A watchlist "infra" of <paramref name="project"/> (vendor: Vendor, vendor.dev), this channel subscribed.</summary>
    public static async Task SubscribeAsync(this MomentumApp app, string project, string options = "alerts")
    {
        await app.RunAsync("watchlist create infra");
        await app.RunAsync($"watchlist add infra {project}");
        await app.RunAsync($"vendor {project} add Vendor vendor.dev");
        await app.RunAsync($"subscribe infra {options}");
    }

    public static async Task<IScheduler> SchedulerAsync(this MomentumApp app)
    {
        var synchronizer = app.Services.GetRequiredService<ScheduleSynchronizer>();
        await synchronizer.SyncAsync(CancellationToken.None);
        return await synchronizer.SchedulerAsync(CancellationToken.None);
    }

    public static T Get<T>(this MomentumApp app)
        where T : notnull => app.Services.GetRequiredService<T>();
}
