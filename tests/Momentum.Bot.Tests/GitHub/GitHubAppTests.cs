using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>
/// GitHub App authentication and pooled credentials, through the JSON API into the host, against the fake GitHub that
/// checks the App's JWT with its public key and gives every token and installation its own budget.
/// </summary>
public sealed class GitHubAppTests : IAsyncLifetime
{
    private const string AppId = "4242";
    private readonly RSA _key = RSA.Create(2048);
    private readonly FakeTimeProvider _githubClock = new(MomentumApp.Now);
    private readonly LocalGitHubData _data = new();
    private readonly CapturedLogs _logs = new();
    private FakeGitHub _github = null!;
    private FakeGitHubApp _fakeApp = null!;

    public async Task InitializeAsync()
    {
        SampleRepository.Seed(_data);
        SampleRepository.Seed(_data, "globex/engine");
        _github = await FakeGitHub.StartAsync(_data, _githubClock);
        _fakeApp = _github.UseApp(AppId, _key, _githubClock);
        _fakeApp.Installations.Add(new FakeInstallation(42, "acme", ["acme/rocket"]));
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _key.Dispose();
        _logs.Dispose();
    }

    private string PrivateKeyPem => _key.ExportRSAPrivateKeyPem();

    private (MomentumApp App, WebApplicationFactory<Program> Host) Start(Dictionary<string, string?> settings)
    {
        var app = new MomentumApp(_github, settings);
        var host = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs).AddFilter<CapturedLogs>(null, LogLevel.Trace)));
        return (app, host);
    }

    private static async Task<HttpResponseMessage> ScanAsync(HttpClient client, string repo) =>
        await client.GetAsync(new Uri($"/api/v1/projects/{repo}/momentum?refresh=true", UriKind.Relative));

    private void Advance(MomentumApp app, TimeSpan by)
    {
        app.Clock.Advance(by);
        _githubClock.Advance(by);
    }

    [Fact]
    public async Task ARepositoryAnInstallationCoversIsScannedWithItsTokenAndSpendsItsOwnBudget()
    {
        var (app, host) = Start(new() { ["GitHub:App:Id"] = AppId, ["GitHub:App:PrivateKey"] = PrivateKeyPem });
        await using var _ = app;
        using var client = host.CreateClient();

        var response = await ScanAsync(client, "acme/rocket");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var repoRequests = _github.Requests.Where(r => r.PathAndQuery.StartsWith("/repos/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(repoRequests);
        Assert.All(repoRequests, r => Assert.Equal("app-42", r.Credential));
        Assert.All(repoRequests, r => Assert.Equal(200, r.Status));
        // The JWT verified (nothing refused), one token was minted and the personal token's budget was not touched.
        Assert.Equal(0, _fakeApp.Rejected);
        Assert.Equal(1, _fakeApp.TokensMinted);
        Assert.Equal(_github.RateLimit, _github.RemainingFor("test-token") + _github.Requests.Count(r => r.Credential == "test-token" && r.Status == 200));
        Assert.True(_github.RemainingFor("app-42") < _github.RateLimit);
        // Profiles are no repository's: they go to the pooled token.
        Assert.All(_github.Requests.Where(r => r.PathAndQuery.StartsWith("/users/", StringComparison.Ordinal)), r => Assert.Equal("test-token", r.Credential));

        var budgets = host.Services.GetRequiredService<GitHubBudget>().Credentials.ToDictionary(c => c.Label);
        Assert.Equal(_github.RemainingFor("app-42"), budgets["app-42"].Remaining);
        Assert.Equal(_github.RemainingFor("test-token"), budgets["token-1"].Remaining);
        Assert.Equal(["app-42", "token-1"], budgets.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARepositoryNoInstallationCoversUsesThePooledTokenWithTheMostBudgetLeft()
    {
        _github.SetRemaining("test-token", 1000);
        var (app, host) = Start(new() { ["GitHub:Tokens:0"] = "second-token", ["GitHub:App:Id"] = AppId, ["GitHub:App:PrivateKey"] = PrivateKeyPem });
        await using var _ = app;
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(client, "globex/engine")).StatusCode);

        var scan = _github.Requests.Where(r => r.PathAndQuery.StartsWith("/repos/", StringComparison.Ordinal) || r.PathAndQuery.StartsWith("/users/", StringComparison.Ordinal)).ToList();
        Assert.True(scan.Count > 5);
        // A budget is known from the first answer sent with it: the first request goes with the first token, which
        // answers that it has 999 left, and every later one with the second, which has more.
        Assert.Equal("test-token", scan[0].Credential);
        Assert.All(scan.Skip(1), r => Assert.Equal("second-token", r.Credential));
        Assert.Equal(999, _github.RemainingFor("test-token"));

        // Once the second token has less left than the first, the first takes over.
        _github.SetRemaining("second-token", 10);
        _github.ClearRequests();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/projects/globex/engine/momentum?refresh=true", UriKind.Relative))).StatusCode);
        var after = _github.Requests.Where(r => r.PathAndQuery.StartsWith("/repos/", StringComparison.Ordinal)).ToList();
        // The first request still goes out with the second token (its budget is only known from the answer), then all move.
        Assert.All(after.Skip(1), r => Assert.Equal("test-token", r.Credential));
    }

    [Fact]
    public async Task ASpentPooledTokenHandsItsRequestToAnotherInsteadOfWaitingForTheReset()
    {
        var (app, host) = Start(new() { ["GitHub:Tokens:0"] = "second-token" });
        await using var _ = app;
        _github.UsePerCredentialBudgets();
        _github.SetRemaining("second-token", 3000);
        // The first token's next answer is a spent budget (GitHub's 403 with remaining 0).
        _github.Faults.Add(GitHubFault.PrimaryRateLimit("/repos/globex/engine", MomentumApp.Now.AddMinutes(40)));
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(client, "globex/engine")).StatusCode);

        var requests = _github.Requests.Where(r => r.PathAndQuery.StartsWith("/repos/", StringComparison.Ordinal)).ToList();
        Assert.Equal((403, "test-token"), (requests[0].Status, requests[0].Credential));
        Assert.All(requests.Skip(1), r => Assert.Equal("second-token", r.Credential));
        Assert.Equal(0, app.Metrics.Total("momentum.github.waiting"));
    }

    [Fact]
    public async Task InstallationTokensAreReplacedBeforeTheyExpireAndTheResponseCacheStaysWarm()
    {
        var (app, host) = Start(new() { ["GitHub:App:Id"] = AppId, ["GitHub:App:PrivateKey"] = PrivateKeyPem });
        await using var _ = app;
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(client, "acme/rocket")).StatusCode);
        // The first rescan after a backfill moves the cursors to the recent weeks.
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(client, "acme/rocket")).StatusCode);

        Advance(app, TimeSpan.FromMinutes(50));
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(client, "acme/rocket")).StatusCode);
        Assert.Equal(1, _fakeApp.TokensMinted);

        // Within five minutes of its expiry the token is replaced, before GitHub would refuse it.
        Advance(app, TimeSpan.FromMinutes(6));
        _github.ClearRequests();
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(client, "acme/rocket")).StatusCode);

        Assert.Equal(2, _fakeApp.TokensMinted);
        Assert.Equal(0, _fakeApp.Rejected);
        var repoRequests = _github.Requests.Where(r => r.PathAndQuery.StartsWith("/repos/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(repoRequests);
        // The cache is keyed by the installation, not its token: an unchanged repository still answers with free 304s.
        Assert.All(repoRequests, r => Assert.Equal(304, r.Status));
    }

    [Fact]
    public async Task AnAppKeyGitHubDoesNotKnowFailsClearlyAndNoSecretReachesTheLogs()
    {
        using var other = RSA.Create(2048);
        var (app, host) = Start(new() { ["GitHub:Token"] = null, ["GitHub:App:Id"] = AppId, ["GitHub:App:PrivateKey"] = other.ExportRSAPrivateKeyPem().ReplaceLineEndings("\\n") });
        await using var _ = app;
        using var client = host.CreateClient();

        var response = await ScanAsync(client, "acme/rocket");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("GitHub__App__PrivateKey", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(_fakeApp.Rejected > 0);
        Assert.DoesNotContain(_github.Requests, r => r.PathAndQuery.StartsWith("/repos/", StringComparison.Ordinal));
        Assert.DoesNotContain("PRIVATE KEY", _logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", _logs.Text, StringComparison.Ordinal); // no JWT
    }

    [Fact]
    public async Task NoInstallationTokenOrPersonalTokenReachesTheLogs()
    {
        var (app, host) = Start(new() { ["GitHub:App:Id"] = AppId, ["GitHub:App:PrivateKey"] = PrivateKeyPem, ["Logging:LogLevel:Default"] = "Trace" });
        await using var _ = app;
        using var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(client, "acme/rocket")).StatusCode);

        Assert.Contains("GitHub App: 1 installations", _logs.Text, StringComparison.Ordinal);
        Assert.NotEmpty(_fakeApp.IssuedTokens);
        Assert.All(_fakeApp.IssuedTokens, token => Assert.DoesNotContain(token, _logs.Text, StringComparison.Ordinal));
        Assert.DoesNotContain("test-token", _logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", _logs.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "GitHub__App__Id needs the App's private key")]
    [InlineData("not a key", "GitHub__App__PrivateKey is not a readable RSA private key")]
    public void AnAppWithoutAUsablePrivateKeyStopsTheStartNamingTheSetting(string? key, string expected)
    {
        var (app, host) = Start(new() { ["GitHub:App:Id"] = AppId, ["GitHub:App:PrivateKey"] = key });
        using var _ = app;

        var ex = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        Assert.Contains(expected, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not a key", ex.ToString(), StringComparison.Ordinal);
    }
}
