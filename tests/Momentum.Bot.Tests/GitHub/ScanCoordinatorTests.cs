using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Catalog;
using Momentum.Bot.GitHub;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>Scans shared between requests, through the real host against the local GitHub, on a clock that never moves.</summary>
public sealed class ScanCoordinatorTests : IAsyncLifetime
{
    private SampleHost _host = null!;
    private FakeGitHub _github = null!;
    private MomentumApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // The server's rate-limit reset is an hour after the app's now, and neither clock is ever advanced.
        _host = await SampleHost.StartAsync(
            new Dictionary<string, string?>
            {
                // After the first answer (4,999 left of 5,000) the budget is at the reserve: background work pauses until
                // the reset, an hour away, which is within the longest wait.
                ["GitHub:RateLimitReserve"] = "5000",
                ["GitHub:MaxRateLimitWait"] = "02:00:00",
                // The REST budget's reserve is what pauses here; GraphQL points are a budget of their own (GraphQLHistoryTests).
                ["GitHub:GraphQL"] = "off",
            },
            new FakeTimeProvider(MomentumApp.Now));
        (_github, _app, _client) = (_host.GitHub, _host.App, _host.Client);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task APersonWhoJoinsABackgroundScanPausedAtTheReserveGetsItGoingWithoutWaitingForTheReset()
    {
        var coordinator = _app.Services.GetRequiredService<ScanCoordinator>();
        var repository = RepositoryId.Parse(SampleRepository.Name);

        var scheduled = coordinator.ScanAsync(repository, ScanPriority.Background);
        // Its listings run at once, so one to three of their first requests wait; none is sent.
        await Eventually.TrueAsync(() => _app.Metrics.Total("momentum.github.waiting") >= 1, "the background scan to pause at the reserve");
        Assert.Equal(["/repos/acme/rocket"], _github.Requests.Select(r => r.PathAndQuery));
        var joinedBefore = _app.Metrics.Total("momentum.scans", "outcome", "joined");

        var response = await _client.GetAsync("/api/v1/projects/acme/rocket/momentum?refresh=true").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(joinedBefore + 1, _app.Metrics.Total("momentum.scans", "outcome", "joined"));
        var result = await scheduled.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(result);
        // One scan served both, and it went on past the reserve: commits, pull requests, issues, comments, profiles.
        Assert.Equal(1, _github.Requests.Count(r => r.PathAndQuery == "/repos/acme/rocket"));
        Assert.Contains(_github.Requests, r => r.PathAndQuery.StartsWith("/repos/acme/rocket/commits", StringComparison.Ordinal) && r.Status == 200);
        Assert.Contains(_github.Requests, r => r.PathAndQuery.StartsWith("/users/", StringComparison.Ordinal));
        Assert.Equal(0, _app.Metrics.Total("momentum.github.waiting"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, body.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty("commits").GetInt32()));
    }
}
