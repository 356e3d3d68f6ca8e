using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Commands;
using Momentum.Bot.GitHub;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>An unreachable GitHub is remembered for <c>GitHub__UnreachablePause</c>: requests then fail at once, and the reply points at --demo.</summary>
public sealed class GitHubOutageTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(MomentumApp.Now);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly TcpListener _broken = new(IPAddress.Loopback, 0);
    private int _connections;

    public GitHubOutageTests()
    {
        // A "GitHub" that accepts each connection and drops it at once: every request fails as a network error.
        _broken.Start();
        _ = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            try
            {
                using var client = await _broken.AcceptTcpClientAsync();
                Interlocked.Increment(ref _connections);
                client.Client.LingerState = new LingerOption(true, 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private HttpClient Client()
    {
        var budget = new GitHubBudget();
        var options = Options.Create(new GitHubOptions { MaxRetries = 2, RetryBaseDelay = TimeSpan.Zero, UnreachablePause = TimeSpan.FromSeconds(30) });
        var handler = new GitHubRateLimitHandler(new GitHubCredentialPool(options, budget, _clock), budget, new GitHubMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), budget), _clock, options, NullLogger<GitHubRateLimitHandler>.Instance)
        {
            InnerHandler = new SocketsHttpHandler(),
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_broken.LocalEndpoint).Port}/") };
    }

    [Fact]
    public async Task AfterGitHubWasUnreachableRequestsFailAtOnceUntilThePauseEnds()
    {
        using var client = Client();

        var first = await Assert.ThrowsAsync<GitHubUnavailableException>(() => client.GetAsync("repos/acme/rocket"));
        // The accept loop counts on its own thread: let it catch up with the attempts the client saw fail. (The HTTP
        // stack may open more than one connection for an attempt, so the count is "at least".)
        await Eventually.TrueAsync(() => Volatile.Read(ref _connections) >= 3, "the three attempts to be counted");
        var second = await Assert.ThrowsAsync<GitHubUnavailableException>(() => client.GetAsync("repos/acme/rocket"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var before = Volatile.Read(ref _connections);
        var third = await Assert.ThrowsAsync<GitHubUnavailableException>(() => client.GetAsync("repos/acme/rocket"));

        Assert.Equal(GitHubFailure.Unreachable, first.Failure);
        Assert.StartsWith("GitHub is unreachable", first.Message, StringComparison.Ordinal);
        // Within the pause: answered from memory, at once, without the network.
        Assert.Equal(GitHubFailure.Unreachable, second.Failure);
        Assert.StartsWith("GitHub could not be reached a moment ago", second.Message, StringComparison.Ordinal);
        Assert.Equal(MomentumApp.Now + TimeSpan.FromSeconds(30), second.RetryAt);
        // After it: tried on the network again.
        Assert.StartsWith("GitHub is unreachable", third.Message, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Volatile.Read(ref _connections) > before, "the attempts after the pause to be counted");
    }

    [Fact]
    public async Task AnUnreachableGitHubIsAnsweredInSentencesThatPointAtTheDemo()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var github = await FakeGitHub.StartAsync(new Momentum.Bot.Demo.LocalGitHubData());
        await using var app = new MomentumApp(github, new() { ["GitHub:BaseUrl"] = $"http://127.0.0.1:{closedPort}/", ["GitHub:MaxRetries"] = "0" });
        using var client = app.CreateClient();
        var dispatcher = app.Services.GetRequiredService<CommandDispatcher>();
        var context = new CommandContext(Momentum.Bot.Chat.Platform.Playground, "playground", "playground", "u");

        var reply = await dispatcher.RunAsync(CommandParser.Parse("acme/rocket"), context);

        Assert.Equal("GitHub can't be reached", reply.Title);
        var text = string.Join(" ", reply.Sections.SelectMany(s => s.Lines).Concat(reply.Notes)) + " " + reply.Summary;
        Assert.Contains("--demo", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[a-z0-9)] Nothing is stored", text);
    }

    public async ValueTask DisposeAsync()
    {
        _broken.Stop();
        _broken.Dispose();
        await _services.DisposeAsync();
    }
}
