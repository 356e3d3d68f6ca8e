using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Commands;

/// <summary><c>/momentum who &lt;project&gt;</c> through the playground, and <c>GET …/contributors</c>: who is counted where, and why.</summary>
public sealed class WhoCommandTests : IAsyncLifetime
{
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

    [Fact]
    public async Task WhoGroupsTheWindowsContributorsByClassAndOrganisationWithEachSource()
    {
        var (summary, html) = await RunAsync("who acme/rocket");

        Assert.Contains("acme/rocket: 5 contributors in the 4 weeks", summary, StringComparison.Ordinal);
        Assert.Contains("4 end-user", summary, StringComparison.Ordinal);
        Assert.Contains("1 unknown", summary, StringComparison.Ordinal);
        Assert.Contains("• globex.com (unverified) — bob (domain)", html, StringComparison.Ordinal);
        Assert.Contains("• Initech (unverified) — cy (profile)", html, StringComparison.Ordinal); // self-declared: profile text only
        Assert.Contains("Unknown (1), most active first", html, StringComparison.Ordinal);
        Assert.Contains("eve (", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonOverrideMovesSomeoneOutOfUnknownAndSaysSo()
    {
        await RunAsync("acme/rocket");
        await RunAsync("person eve org Wayne Enterprises");

        var (summary, html) = await RunAsync("who acme/rocket");

        Assert.Contains("0 unknown", summary, StringComparison.Ordinal);
        Assert.Contains("• Wayne Enterprises — eve (override)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiListsTheSameContributorsAsJsonWithoutAnyWorkspacesOverrides()
    {
        await RunAsync("person eve org Wayne Enterprises");

        var json = await _host.Client.GetFromJsonAsync<JsonElement>("/api/v1/projects/acme/rocket/contributors");
        var people = json.GetProperty("contributors").EnumerateArray().ToDictionary(c => c.GetProperty("identity").GetString()!);

        Assert.Equal("acme/rocket", json.GetProperty("repository").GetString());
        Assert.Equal(4, json.GetProperty("weeks").GetInt32());
        Assert.Equal("unknown", people["eve"].GetProperty("class").GetString());
        Assert.Equal("none", people["eve"].GetProperty("source").GetString());
        Assert.Equal(("endUser", "Initech", "profileCompany"), (people["cy"].GetProperty("class").GetString(), people["cy"].GetProperty("organization").GetString(), people["cy"].GetProperty("source").GetString()));
        Assert.True(people["bob"].GetProperty("unverified").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client.GetAsync("/api/v1/projects/-acme/rocket/contributors")).StatusCode);
    }

    [Fact]
    public async Task WhoWithoutAProjectSaysWhatToType()
    {
        Assert.Contains("Who contributed to which project?", (await RunAsync("who")).Html, StringComparison.Ordinal);
        Assert.Contains("I don't know 'nothing-here'", (await RunAsync("who nothing-here")).Summary, StringComparison.Ordinal);
    }
}
