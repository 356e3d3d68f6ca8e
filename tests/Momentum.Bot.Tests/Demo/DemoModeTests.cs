using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Tests.Infrastructure;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Demo;

/// <summary>Demo mode through the real host: its data kept apart from real data, and honest about what it can answer.</summary>
public sealed class DemoModeTests : IAsyncLifetime
{
    private readonly KestrelDemoApp _app = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = new HttpClient { BaseAddress = _app.Start() };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<JsonElement> RunAsync(string text)
    {
        var response = await _client.PostAsJsonAsync("/playground/run", new { text });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("cilium")]
    [InlineData("compare cilium istio linkerd")]
    [InlineData("kubernetes/kubernetes")]
    public async Task ProjectsOutsideTheDemoSayTheyAreNotInItAndNameTheDemoProjects(string text)
    {
        var summary = (await RunAsync(text)).GetProperty("summary").GetString()!;

        Assert.Contains("is not in the demo", summary, StringComparison.Ordinal);
        Assert.Contains("rocket, comet, nebula", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("GitHub has no repository", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCardIsLabelledAndItsCompareMenuOffersOnlyDemoProjects()
    {
        var answer = await RunAsync("rocket");

        Assert.Contains("(demo data)", answer.GetProperty("summary").GetString() + answer.GetProperty("html").GetString(), StringComparison.Ordinal);
        using var blocks = JsonDocument.Parse(answer.GetProperty("blockKit").GetString()!);
        var menu = blocks.RootElement.GetProperty("blocks").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("elements").EnumerateArray())
            .Single(e => e.GetProperty("type").GetString() == "static_select");
        Assert.Equal(["comet", "nebula"], menu.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("text").GetProperty("text").GetString()).Order(StringComparer.Ordinal));
        Assert.Contains("(demo data)", (await RunAsync("compare rocket comet")).GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWatchlistInTheDemoTakesOnlyDemoProjects()
    {
        await RunAsync("watchlist create mine");

        var summary = (await RunAsync("watchlist add mine rocket cilium")).GetProperty("html").GetString()!;

        Assert.Contains("Added: rocket.", summary, StringComparison.Ordinal);
        Assert.Contains("Not in the demo (it serves only its own projects): cilium.", summary, StringComparison.Ordinal);
        Assert.Equal("mine: 1 project", (await RunAsync("watchlist show mine")).GetProperty("summary").GetString());
    }

    [Fact]
    public async Task DemoDataLivesUnderItsOwnKeyPrefix()
    {
        await RunAsync("rocket");
        await RunAsync("watch rocket");

        var server = TestRedis.Connection.GetServers()[0];
        var keys = server.Keys(pattern: _app.Prefix + "*").Select(k => k.ToString()).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith(_app.Prefix + "demo:", k, StringComparison.Ordinal));
    }
}
