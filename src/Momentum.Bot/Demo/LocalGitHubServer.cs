using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Momentum.Bot.Demo;

/// <summary>The local GitHub of demo mode: <see cref="LocalGitHub"/> served by Kestrel on 127.0.0.1.</summary>
public sealed class LocalGitHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalGitHubServer(WebApplication app, LocalGitHub github, Uri baseUrl)
    {
        _app = app;
        GitHub = github;
        BaseUrl = baseUrl;
    }

    public LocalGitHub GitHub { get; }

    public Uri BaseUrl { get; }

    public static async Task<LocalGitHubServer> StartAsync(LocalGitHubData data, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var github = new LocalGitHub(data, time ?? TimeProvider.System);
        app.Run(github.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalGitHubServer(app, github, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
