using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Commands;

/// <summary><c>/momentum person …</c> through the playground's real command path, and its reach (this workspace only).</summary>
public sealed class PersonCommandTests : IAsyncLifetime
{
    private const string TenantId = "8a1c0b2e-0d5e-4a6b-9c3d-2f4e6a8b0c1d";

    private SampleHost _host = null!;

    public async Task InitializeAsync() => _host = await SampleHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(string Summary, string Html)> RunAsync(string text)
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/run", new { text });
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("summary").GetString()!, answer.GetProperty("html").GetString()!);
    }

    private async Task<string> TeamsCardAsync(string text)
    {
        var dispatcher = (CommandDispatcher)_host.App.Services.GetService(typeof(CommandDispatcher))!;
        var reply = await dispatcher.RunAsync(CommandParser.Parse(text), new CommandContext(Platform.Teams, "teams:" + TenantId, "19:conversation", "teams-user"));
        return Momentum.Bot.Teams.AdaptiveCardRenderer.Render(reply).ToJsonString(Momentum.Bot.Teams.AdaptiveCardRenderer.Json);
    }

    [Fact]
    public async Task SettingAPersonReclassifiesStoredActivityAtOnceInThisWorkspaceOnly()
    {
        Assert.DoesNotContain("Wayne Enterprises", (await RunAsync("acme/rocket")).Html, StringComparison.Ordinal);

        var (set, _) = await RunAsync("person eve org Wayne Enterprises");
        var (_, card) = await RunAsync("acme/rocket");

        Assert.Contains("eve → Wayne Enterprises (this workspace)", set, StringComparison.Ordinal);
        Assert.Contains("Wayne Enterprises (1)", card, StringComparison.Ordinal);
        var tenantCard = await TeamsCardAsync("acme/rocket");
        Assert.True(tenantCard.Contains("Top end-user organisations", StringComparison.Ordinal), tenantCard);
        Assert.DoesNotContain("Wayne Enterprises", tenantCard, StringComparison.Ordinal);
        Assert.DoesNotContain("Wayne Enterprises", await _host.Client.GetStringAsync("/api/v1/projects/acme/rocket/momentum"), StringComparison.Ordinal);
        var teams = await TeamsCardAsync("person eve");
        Assert.True(teams.Contains("unknown today", StringComparison.Ordinal), teams);
    }

    [Fact]
    public async Task ClearingGivesTheOtherSourcesBackAndTheChangeLogKeepsWhoDidWhat()
    {
        await RunAsync("acme/rocket");
        await RunAsync("person bob org Initech");
        Assert.Contains("Initech (2)", (await RunAsync("acme/rocket")).Html, StringComparison.Ordinal);

        var (cleared, _) = await RunAsync("person bob clear");
        var (_, card) = await RunAsync("acme/rocket");
        var (_, shown) = await RunAsync("person bob");

        Assert.Contains("override for bob is gone", cleared, StringComparison.Ordinal);
        Assert.Contains("Initech (1)", card, StringComparison.Ordinal);
        Assert.Contains("playground-user set Initech", shown, StringComparison.Ordinal);
        Assert.Contains("playground-user cleared", shown, StringComparison.Ordinal);
        Assert.Contains("nothing changed", (await RunAsync("person bob clear")).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowSaysWhatEachSourceSaysAndWhichIsInForceSinceWhen()
    {
        await RunAsync("acme/rocket");
        await RunAsync("person CY org “initech inc.” until 2001-01-01");
        await RunAsync("person cy org Globex from 2001-01-01");

        var (summary, html) = await RunAsync("person cy");

        Assert.True(summary.Contains("cy: Globex (override, since 2001-01-01)", StringComparison.Ordinal), summary + html);
        Assert.True(html.Contains("override: initech until 2001-01-01", StringComparison.Ordinal), html);
        Assert.True(html.Contains("profile: Initech", StringComparison.Ordinal), html);
        Assert.Contains("unknown today", (await RunAsync("person nobody-here")).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatedOverrideOnlyCountsInItsDatesAndAnOverlappingOneReplacesIt()
    {
        await RunAsync("acme/rocket");
        await RunAsync("person eve org Wayne until 2001-01-01");
        Assert.DoesNotContain("Wayne", (await RunAsync("acme/rocket")).Html, StringComparison.Ordinal);

        var (summary, html) = await RunAsync("person eve org Wayne from 2000-06-01");

        Assert.Contains("eve → Wayne from 2000-06-01", summary, StringComparison.Ordinal);
        Assert.Contains("replaces 1 earlier line", html, StringComparison.Ordinal);
        Assert.Contains("Wayne (1)", (await RunAsync("acme/rocket")).Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("person eve org n/a", "names no organisation")]
    [InlineData("person eve org self-employed", "eve → Independent")]
    public async Task TheOrganisationIsNormalisedLikeAProfileCompany(string text, string expected)
    {
        var (summary, html) = await RunAsync(text);
        Assert.Contains(expected, summary + html, StringComparison.Ordinal);
    }
}
