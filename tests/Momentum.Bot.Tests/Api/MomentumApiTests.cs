using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Api;

public sealed class MomentumApiTests : IAsyncLifetime
{
    private SampleHost _host = null!;
    private FakeGitHub _github = null!;
    private MomentumApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await SampleHost.StartAsync(new() { ["Api:AdminToken"] = "s3cret" });
        (_github, _app, _client) = (_host.GitHub, _host.App, _host.Client);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> MomentumAsync(string query = "")
    {
        var response = await _client.GetAsync($"/api/v1/projects/acme/rocket/momentum{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement WeekAgo(JsonElement body, int weeksAgo)
    {
        var weeks = body.GetProperty("weeks");
        return weeks[weeks.GetArrayLength() - 1 - weeksAgo];
    }

    [Fact]
    public async Task TheFirstScanIngestsHistoryAndAnswersEveryMetric()
    {
        var body = await MomentumAsync();

        Assert.Equal("acme/rocket", body.GetProperty("repository").GetString());
        Assert.Equal(1234, body.GetProperty("stars").GetInt32());
        var weeks = body.GetProperty("weeks");
        Assert.Equal(105, weeks.GetArrayLength());
        Assert.True(weeks[104].GetProperty("partial").GetBoolean());
        Assert.Equal("2024-03-18", body.GetProperty("historyStart").GetString());

        var week = WeekAgo(body, 1);
        Assert.Equal(4, week.GetProperty("commits").GetInt32());
        Assert.Equal(3, week.GetProperty("commitAuthors").GetInt32());
        Assert.Equal(1, week.GetProperty("pullRequestsOpened").GetInt32());
        Assert.Equal(1, week.GetProperty("pullRequestsMerged").GetInt32());
        Assert.Equal(5, week.GetProperty("contributors").GetInt32());
        // bob first contributed in week 3, so four are new in week 1 and five across the window.
        Assert.Equal(4, week.GetProperty("newContributors").GetInt32());
        Assert.Equal(5, body.GetProperty("window").GetProperty("newContributors").GetInt32());
        Assert.Equal(3, week.GetProperty("botEventsExcluded").GetInt32());
        Assert.Equal(1, WeekAgo(body, 2).GetProperty("pullRequestsOpened").GetInt32());

        var window = body.GetProperty("window");
        Assert.Equal(5, window.GetProperty("activeContributors").GetInt32());
        Assert.Equal(0.25, window.GetProperty("mergedPullRequestsPerWeek").GetDouble());
        Assert.Equal(5.0, window.GetProperty("medianHoursToFirstResponse").GetDouble());
        // No vendor list for acme/rocket: every known organisation is end-user; eve is unknown.
        Assert.Equal(0.8, window.GetProperty("endUserShare").GetDouble());
        Assert.Equal(0.2, window.GetProperty("unknownShare").GetDouble());
        Assert.Contains(body.GetProperty("dataQuality").GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("No vendor list", StringComparison.Ordinal));
        Assert.Equal(3, body.GetProperty("dataQuality").GetProperty("botEventsExcluded").GetInt32());
        Assert.InRange(body.GetProperty("momentum").GetProperty("score").GetInt32(), 0, 100);
    }

    [Fact]
    public async Task TheProfileNoteClearsOnceEveryPersonsProfileIsLookedUp()
    {
        // The scan looks up every person's profile (dependabot[bot] is a bot: it never gets one, and never counts).
        var body = await MomentumAsync();
        Assert.DoesNotContain(body.GetProperty("dataQuality").GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("not looked up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AVendorListSetThroughTheApiReclassifiesWithoutFetchingAgain()
    {
        await MomentumAsync();
        var requestsAfterScan = _github.Requests.Count;

        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors")
        {
            Content = JsonContent.Create(new { organizations = new[] { new { name = "Isovalent", domains = new[] { "isovalent.com" } } } }),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(put)).StatusCode);

        var body = await MomentumAsync();
        var window = body.GetProperty("window");
        Assert.Equal(1, window.GetProperty("vendorContributors").GetInt32());
        Assert.Equal(3, window.GetProperty("endUserContributors").GetInt32());
        Assert.Equal(0.6, window.GetProperty("endUserShare").GetDouble());
        Assert.Equal("api", body.GetProperty("vendors").GetProperty("source").GetString());
        Assert.Equal(requestsAfterScan, _github.Requests.Count);

        var vendors = await _client.GetFromJsonAsync<JsonElement>("/api/v1/projects/acme/rocket/vendors");
        Assert.Equal("Isovalent", vendors.GetProperty("organizations")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task AVendorListSetThroughTheApiAppliesToEveryProjectThatHoldsTheRepository()
    {
        SampleRepository.Seed(_github.Data, "acme/booster");
        var channel = new Momentum.Bot.Commands.CommandContext(Platform.Slack, "slack:T1", "C1", "U1");
        var dispatcher = (Momentum.Bot.Commands.CommandDispatcher)_app.Services.GetService(typeof(Momentum.Bot.Commands.CommandDispatcher))!;
        Task<Reply> RunAsync(string text) => dispatcher.RunAsync(Momentum.Bot.Commands.CommandParser.Parse(text), channel);
        await RunAsync("alias both acme/rocket acme/booster");

        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors")
        {
            Content = JsonContent.Create(new { organizations = new[] { new { name = "Isovalent", domains = new[] { "isovalent.com" } } } }),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(put)).StatusCode);

        // A project of two repositories, one of them with a list from the API: that list is the project's.
        var vendors = await RunAsync("vendor both");
        Assert.Equal("Vendors (set through the API)", vendors.Sections[0].Heading);
        Assert.Equal(["• Isovalent — isovalent.com"], vendors.Sections[0].Lines);
        var card = await RunAsync("both");
        Assert.Contains(card.Notes, n => n.StartsWith("Vendor list: Isovalent (set through the API)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReportKeptInMemoryStillFollowsANewScan()
    {
        Assert.Equal(4, WeekAgo(await MomentumAsync(), 1).GetProperty("commits").GetInt32());
        Assert.Equal(4, WeekAgo(await MomentumAsync(), 1).GetProperty("commits").GetInt32());

        lock (_github.Data.Sync)
        {
            _github.Data.Repositories[SampleRepository.Name].Commits.Add(SampleRepository.Commit("f1", "fay", "fay@globex.com", 1, hour: 16));
        }

        Assert.Equal(5, WeekAgo(await MomentumAsync("?refresh=true"), 1).GetProperty("commits").GetInt32());
        Assert.Equal(5, WeekAgo(await MomentumAsync(), 1).GetProperty("commits").GetInt32());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong", HttpStatusCode.Unauthorized)]
    public async Task VendorWritesNeedTheAdminToken(string? token, HttpStatusCode expected)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors")
        {
            Content = JsonContent.Create(new { organizations = Array.Empty<object>() }),
        };
        if (token is not null)
        {
            put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await _client.SendAsync(put);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("""{"organizations":[{"name":"","domains":[]}]}""")]
    [InlineData("""{"organizations":[{"name":"Acme","domains":["not a domain"]}]}""")]
    [InlineData("""{"nothing":true}""")]
    public async Task ABadVendorListIsRefusedWithAMessage(string json)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        var response = await _client.SendAsync(put);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("/api/v1/projects/-acme/rocket/momentum")]
    [InlineData("/api/v1/projects/acme/ro%20cket/momentum")]
    [InlineData("/api/v1/projects/acme/../momentum")]
    public async Task AMalformedRepositoryIsABadRequest(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheVendorSourceIsTheApisWhenTheSameListIsAlsoAWorkspacesOwn()
    {
        // The playground's own list, and its card cached …
        await _client.PostAsJsonAsync("/playground/run", new { text = "vendor acme/rocket add Isovalent isovalent.com" });
        await _client.PostAsJsonAsync("/playground/run", new { text = "acme/rocket" });
        // … then the same list set through the API.
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors")
        {
            Content = JsonContent.Create(new { organizations = new[] { new { name = "Isovalent", domains = new[] { "isovalent.com" } } } }),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        (await _client.SendAsync(put)).EnsureSuccessStatusCode();

        var body = await MomentumAsync();

        Assert.Equal("api", body.GetProperty("vendors").GetProperty("source").GetString());
        var card = await (await _client.PostAsJsonAsync("/playground/run", new { text = "acme/rocket" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("(this workspace)", card.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/projects/acme/rocket/momentum?refresh=yes", HttpStatusCode.BadRequest, "refresh takes true or false, not 'yes'")]
    [InlineData("/api/v1/projects/rocket/momentum", HttpStatusCode.NotFound, "/api/v1/projects/{owner}/{repo}/momentum")]
    public async Task EveryErrorCarriesADetail(string path, HttpStatusCode expected, string detail)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonGetsADetail()
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors")
        {
            Content = new StringContent("this is not json", System.Text.Encoding.UTF8, "application/json"),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");

        var response = await _client.SendAsync(put);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("The body must be", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidOwnerGetsA400WithTheReason()
    {
        var response = await _client.GetAsync("/api/v1/projects/-acme/rocket/momentum");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("not a valid GitHub owner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARepositoryGitHubDoesNotHaveIsA404WithAMessage()
    {
        var response = await _client.GetAsync("/api/v1/projects/acme/nothing-here/momentum");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("acme/nothing-here", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHubUnreachableWithoutStoredDataIsA503()
    {
        _github.Faults.Add(GitHubFault.Unreachable("/repos/acme/rocket"));
        var response = await _client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("unreachable", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHubUnreachableWithStoredDataAnswersFromStoreAndSaysAsOf()
    {
        await MomentumAsync();
        _github.Faults.Add(GitHubFault.Unreachable("/repos/acme/rocket"));
        var body = await MomentumAsync("?refresh=true");
        Assert.Equal(4, WeekAgo(body, 1).GetProperty("commits").GetInt32());
        Assert.Contains(body.GetProperty("dataQuality").GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("as of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARateLimitedRefreshWithStoredDataAnswersFromStore()
    {
        await MomentumAsync();
        _github.Faults.Add(GitHubFault.PrimaryRateLimit("/repos/acme/rocket", MomentumApp.Now.AddHours(1), times: 10));
        var body = await MomentumAsync("?refresh=true");
        Assert.Contains(body.GetProperty("dataQuality").GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("rate limit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthAndReadinessAnswer()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        // The build's version, from Directory.Build.props.
        var props = System.Xml.Linq.XDocument.Load(RepositoryFiles.PathOf("Directory.Build.props"));
        Assert.Equal(props.Descendants("Version").Single().Value, health.GetProperty("version").GetString());
        var ready = await _client.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }
}
