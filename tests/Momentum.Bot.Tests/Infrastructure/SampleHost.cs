using Momentum.Bot.Demo;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>The fixture most host tests need: <see cref="SampleRepository"/> on a fake GitHub, the real host on it, and a client.</summary>
public sealed class SampleHost : IAsyncDisposable
{
    private SampleHost(FakeGitHub github, MomentumApp app)
    {
        GitHub = github;
        App = app;
        Client = app.CreateClient();
    }

    public FakeGitHub GitHub { get; }

    public MomentumApp App { get; }

    public HttpClient Client { get; }

    /// <param name="githubClock">The fake GitHub's clock (its rate-limit resets); the real one by default.</param>
    public static Task<SampleHost> StartAsync(Dictionary<string, string?>? settings = null, TimeProvider? githubClock = null)
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        return StartOnAsync(data, settings, githubClock);
    }

    /// <summary>The same host on other data than the sample.</summary>
    /// <param name="server">Sets the fake GitHub up (its faults, its budget) before the host starts.</param>
    public static async Task<SampleHost> StartOnAsync(LocalGitHubData data, Dictionary<string, string?>? settings = null, TimeProvider? githubClock = null, Action<FakeGitHub>? server = null)
    {
        var github = await FakeGitHub.StartAsync(data, githubClock);
        server?.Invoke(github);
        return new SampleHost(github, new MomentumApp(github, settings));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
