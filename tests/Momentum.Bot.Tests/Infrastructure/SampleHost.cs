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
    public static async Task<SampleHost> StartAsync(Dictionary<string, string?>? settings = null, TimeProvider? githubClock = null)
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        var github = await FakeGitHub.StartAsync(data, githubClock);
        return new SampleHost(github, new MomentumApp(github, settings));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
