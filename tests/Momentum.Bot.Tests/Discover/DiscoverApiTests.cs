using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Discover;

/// <summary><c>GET /api/v1/discover</c>: 202 with Location while it runs, then 200 with the ranked list.</summary>
public sealed class DiscoverApiTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await SampleHost.StartAsync();
        DiscoverCandidates.Seed(_host.GitHub);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AcceptedWhileRunningThenTheRankedList()
    {
        var first = await _host.Client.GetAsync("/api/v1/discover?topic=service-mesh&limit=6&language=go");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var location = first.Headers.Location!.OriginalString;
        Assert.Equal("/api/v1/discover?topic=service-mesh&limit=6&language=go", location);
        Assert.Equal("running", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var discovery = _host.App.Services.GetRequiredService<DiscoveryService>();
        var query = DiscoverQuery.Create("service-mesh", null, "go", 6).Query!;
        await Eventually.TrueAsync(() => discovery.Progress(query, null) is null, "the run to end");
        var second = await _host.Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var done = await second.Content.ReadFromJsonAsync<JsonElement>();
        var projects = done.GetProperty("projects");
        Assert.Equal(6, projects.GetArrayLength());
        var top = projects[0];
        Assert.StartsWith("niche/cand-", top.GetProperty("repository").GetString(), StringComparison.Ordinal);
        Assert.True(top.GetProperty("stars").GetInt32() > 0);
        Assert.True(top.GetProperty("endUserContributors").GetInt32() > 0);
        Assert.True(top.GetProperty("endUserOrganizations").GetInt32() > 0);
        Assert.True(top.GetProperty("growth").GetDouble() > 0);
        Assert.False(string.IsNullOrEmpty(top.GetProperty("stage").GetString()));
        Assert.Contains("end-user activity", top.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, done.GetProperty("searchRequests").GetInt32());
    }

    [Theory]
    [InlineData("/api/v1/discover", "topic is required")]
    [InlineData("/api/v1/discover?topic=Bad_Topic", "is not a GitHub topic")]
    [InlineData("/api/v1/discover?topic=mesh&limit=99", "limit is 1–50")]
    [InlineData("/api/v1/discover?topic=mesh&maxStars=-1", "star ceiling")]
    public async Task BadQueriesAre400WithADetail(string url, string detail)
    {
        var response = await _host.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_host.GitHub.Requests);
    }
}
