using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Lens;

/// <summary>The stage line on the card, in compare and in the API report.</summary>
public sealed class StageReplyTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    public async Task InitializeAsync() => _host = await LensHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> RunAsync(string text)
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/run", new { text });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task TheApiReportCarriesTheStageWithItsEvidenceAndCounts()
    {
        var response = await _host.Client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stage = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage");

        // Five end-user organisations in the last half-year against one (Spotify, week 40) in the half before.
        Assert.Equal("breakout", stage.GetProperty("stage").GetString());
        Assert.Equal(
            "breakout: 5 end-user organisations in 26 wk (+400% on the 26 before, 4 new), 0 companies with sustained teams",
            stage.GetProperty("evidence").GetString());
        var facts = stage.GetProperty("facts");
        Assert.Equal(6, facts.GetProperty("contributors").GetInt32());
        Assert.Equal(1, facts.GetProperty("endUserOrganizationsBefore").GetInt32());
        Assert.Equal(0, facts.GetProperty("sustainedCompanies").GetInt32());
        Assert.Equal(52, facts.GetProperty("weeks").GetInt32());
    }

    [Fact]
    public async Task TheCardShowsTheStageLineInSlackAndHtml()
    {
        var answer = await RunAsync("acme/rocket");

        Assert.Contains("Stage", answer.GetProperty("html").GetString()!, StringComparison.Ordinal);
        Assert.Contains("breakout: 5 end-user organisations in 26 wk", answer.GetProperty("html").GetString()!, StringComparison.Ordinal);
        Assert.Contains("breakout: 5 end-user organisations in 26 wk", answer.GetProperty("blockKit").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompareHasAStageRowAndEachProjectsEvidence()
    {
        var html = (await RunAsync("compare acme/rocket acme/engine")).GetProperty("html").GetString()!;

        Assert.Contains("<tr><th>Stage</th><td>breakout</td><td>niche</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("Stage: niche: 3 end-user organisations in 26 wk (3 vs none on the 26 before, 3 new), 0 companies with sustained teams, 5 contributors", html, StringComparison.Ordinal);
    }
}
