using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Discover;

/// <summary><c>/momentum discover</c> over <see cref="DiscoverCandidates"/> on the fake GitHub's search, through the playground.</summary>
public sealed class DiscoverTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await SampleHost.StartAsync();
        DiscoverCandidates.Seed(_host.GitHub);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> RunAsync(string text)
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/run", new { text });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<DiscoveryResult> ResultAsync(string topic = DiscoverCandidates.Topic, int? stars = null, string? language = null, int? limit = null)
    {
        var query = DiscoverQuery.Create(topic, stars, language, limit).Query!;
        return (await _host.App.Services.GetRequiredService<DiscoveryService>().CachedAsync(query, "playground"))!;
    }

    private static int Index(string repository) => int.Parse(repository.AsSpan(repository.Length - 2), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task CandidatesRankByEndUserMomentumNotByStars()
    {
        var answer = await RunAsync("discover service-mesh");

        var result = await ResultAsync();
        Assert.Equal(30, result.Projects.Count);
        Assert.All(result.Projects, p => Assert.Null(p.Problem));
        var levels = result.Projects.Select(p => DiscoverCandidates.Level(Index(p.Repository))).ToList();
        Assert.Equal(levels.OrderByDescending(l => l), levels);
        // Equal momentum: the one with fewer stars (the niche) first.
        foreach (var (a, b) in result.Projects.Zip(result.Projects.Skip(1)).Where(x => DiscoverCandidates.Level(Index(x.First.Repository)) == DiscoverCandidates.Level(Index(x.Second.Repository))))
        {
            Assert.True(a.Stars <= b.Stars);
        }

        var top = result.Projects[0];
        Assert.Equal(10, DiscoverCandidates.Level(Index(top.Repository)));
        Assert.Equal(DiscoverCandidates.Stars(Index(top.Repository)), top.Stars);
        Assert.Contains("end-user activity +", top.Reason, StringComparison.Ordinal);
        Assert.Contains("new end-user organisations", top.Reason, StringComparison.Ordinal);
        Assert.NotNull(top.Stage);
        Assert.True(top.Growth > 0);
        Assert.Equal(1, result.SearchRequests);
        Assert.Equal(1, _host.GitHub.SearchRequests);
        Assert.Contains($"{top.Repository} leads", answer.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("stars (lagging)", answer.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiltersReachTheSearchAndLimitCapsTheList()
    {
        await RunAsync("discover service-mesh stars<3000 language=rust limit=5");

        var result = await ResultAsync(stars: 3000, language: "rust", limit: 5);
        Assert.Equal(5, result.Projects.Count);
        Assert.All(result.Projects, p => Assert.True(Index(p.Repository) % 2 == 1 && p.Stars < 3000));
        var search = Assert.Single(_host.GitHub.Requests, r => r.PathAndQuery.StartsWith("/search/repositories", StringComparison.Ordinal));
        var q = Uri.UnescapeDataString(search.PathAndQuery).Replace('+', ' ');
        Assert.Contains("topic:service-mesh", q, StringComparison.Ordinal);
        Assert.Contains("stars:<3000", q, StringComparison.Ordinal);
        Assert.Contains("language:rust", q, StringComparison.Ordinal);
        Assert.Contains("pushed:>2025-12-18", q, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARepeatWithinADayAsksGitHubNothing()
    {
        var first = (await RunAsync("discover service-mesh limit=10")).GetProperty("summary").GetString();
        _host.GitHub.ClearRequests();

        var second = (await RunAsync("discover service-mesh limit=10")).GetProperty("summary").GetString();

        Assert.Equal(first, second);
        Assert.Empty(_host.GitHub.Requests);
    }

    [Fact]
    public async Task SearchStopsAtTenRequestsARun()
    {
        _host.GitHub.Search.PageSize = 3;

        await RunAsync("discover service-mesh limit=50");

        var result = await ResultAsync(limit: 50);
        Assert.Equal(10, _host.GitHub.SearchRequests);
        Assert.Equal(10, result.SearchRequests);
        Assert.Equal(30, result.Projects.Count);
        Assert.Contains(result.Notes, n => n.Contains("limit of 10 requests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASearchLimitSpentAfterAPageRanksWhatWasFound()
    {
        _host.GitHub.Search.PageSize = 10;
        _host.GitHub.Search.Remaining = 1;
        _host.GitHub.Search.ResetAt = DateTimeOffset.UtcNow.AddHours(1);

        await RunAsync("discover service-mesh limit=30");

        var result = await ResultAsync();
        Assert.Equal(1, _host.GitHub.SearchRequests);
        Assert.Equal(10, result.Projects.Count);
        Assert.Contains(result.Notes, n => n.Contains("search limit (30 a minute) is spent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASearchLimitSpentBeforeTheFirstPageIsSaidPlainlyAndLeavesTheCoreBudgetAlone()
    {
        (await _host.Client.GetAsync("/api/v1/projects/acme/rocket/momentum")).EnsureSuccessStatusCode();
        _host.GitHub.ClearRequests();
        _host.GitHub.Search.Remaining = 0;
        _host.GitHub.Search.ResetAt = DateTimeOffset.UtcNow.AddHours(1);

        var answer = await RunAsync("discover service-mesh");

        // The core budget stays the core limit's: search's spent 30 is its own.
        var budget = _host.App.Services.GetRequiredService<GitHubBudget>().Credentials.Single();
        Assert.Equal(_host.GitHub.RateLimit, budget.Limit);
        Assert.Equal(_host.GitHub.Remaining, budget.Remaining);

        Assert.Equal(1, _host.GitHub.SearchRequests);
        Assert.DoesNotContain(_host.GitHub.Requests, r => r.PathAndQuery.StartsWith("/repos/", StringComparison.Ordinal));
        Assert.StartsWith("GitHub is rate-limiting us: GitHub's search limit (30 a minute) is spent until", answer.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("discover", "Discover which topic?")]
    [InlineData("discover Service_Mesh!", "is not a GitHub topic")]
    [InlineData("discover service-mesh limit=51", "limit is 1–50")]
    [InlineData("discover service-mesh limit=0", "limit is 1–50")]
    [InlineData("discover service-mesh stars<0", "star ceiling must be a positive number")]
    [InlineData("discover service-mesh stars<lots", "I don't understand 'stars<lots'")]
    [InlineData("discover service-mesh language=<script>", "is not a language name")]
    public async Task BadInputIsRefusedWithTheUsage(string text, string expected)
    {
        var html = (await RunAsync(text)).GetProperty("html").GetString()!;

        Assert.Contains(System.Net.WebUtility.HtmlEncode(expected), html, StringComparison.Ordinal);
        Assert.Contains("/momentum discover &lt;topic&gt;", html, StringComparison.Ordinal);
        Assert.Empty(_host.GitHub.Requests);
    }
}
