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
