using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Lens;

/// <summary><c>/momentum org</c> and the organisations API, over <see cref="LensHost"/>'s two repositories.</summary>
public sealed class OrganizationLensTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    public async Task InitializeAsync() => _host = await LensHost.StartAsync(new() { ["Api:AdminToken"] = "s3cret" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> RunAsync(string text)
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/run", new { text });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task TrackBothAsync()
    {
        await RunAsync("watchlist create infra");
        await RunAsync("watchlist add infra acme/rocket acme/engine");
        await RunAsync("acme/rocket");
        await RunAsync("acme/engine");
    }

    [Fact]
    public async Task OrgNamesEachProjectItsPeopleTheTrendAndWhoBeganThisQuarter()
    {
        await TrackBothAsync();

        var answer = await RunAsync("org spotify");
        var summary = answer.GetProperty("summary").GetString()!;
        var html = answer.GetProperty("html").GetString()!;

        Assert.Equal("Spotify: 4 people on 2 of 2 tracked projects; 3 Spotify people began contributing to acme/engine in February 2026: sam, sue (1 more by email only)", summary);
        Assert.Contains("<tr><th>acme/engine</th><td>end-user</td><td>3</td><td>3 vs 0 (rising)</td><td>2026-02-09</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>acme/rocket</th><td>end-user</td><td>1</td><td>1 vs 0 (rising)</td><td>2025-06-09</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("Began contributing in the last quarter", html, StringComparison.Ordinal);
        Assert.DoesNotContain("sid", html, StringComparison.Ordinal);
        Assert.Contains("Spotify", answer.GetProperty("blockKit").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgFindsAnOrganisationByItsDomainAndSaysWhenNobodyContributed()
    {
        await TrackBothAsync();

        Assert.StartsWith("Spotify: 4 people", (await RunAsync("org spotify.com")).GetProperty("summary").GetString()!, StringComparison.Ordinal);
        Assert.Equal(
            "Nobody known to work at Umbrella contributed to the 2 tracked projects in the last year.",
            (await RunAsync("org Umbrella")).GetProperty("summary").GetString());
    }

    [Fact]
    public async Task OrgWithoutWatchlistsSaysHowToTrackProjects()
    {
        var answer = await RunAsync("org Spotify");

        Assert.Contains("nothing tracked here yet", answer.GetProperty("html").GetString()!, StringComparison.Ordinal);
        Assert.Contains("watchlist add", answer.GetProperty("html").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgWithoutANameAsksWhichOrganisation()
    {
        var html = (await RunAsync("org")).GetProperty("html").GetString()!;

        Assert.Contains("Which organisation?", html, StringComparison.Ordinal);
        Assert.Contains("/momentum org &lt;organisation&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOrganisationNameIsEscapedInSlack()
    {
        await TrackBothAsync();

        var blockKit = (await RunAsync("org \"<!channel> & co\"")).GetProperty("blockKit").GetString()!;

        // Headers are plain_text (never parsed for mentions); every mrkdwn text has it escaped.
        var mrkdwn = Mrkdwn(JsonDocument.Parse(blockKit).RootElement).ToArray();
        Assert.NotEmpty(mrkdwn);
        Assert.DoesNotContain(mrkdwn, t => t.Contains("<!channel>", StringComparison.Ordinal));
        Assert.Contains(mrkdwn, t => t.Contains("&lt;!channel&gt; &amp; co", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Mrkdwn(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("type", out var type) && type.GetString() == "mrkdwn")
            {
                yield return node.GetProperty("text").GetString()!;
            }

            foreach (var text in node.EnumerateObject().SelectMany(p => Mrkdwn(p.Value)))
            {
                yield return text;
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var text in node.EnumerateArray().SelectMany(Mrkdwn))
            {
                yield return text;
            }
        }
    }

    [Fact]
    public async Task TheApiAnswersForNamedRepositoriesFromStoredDataWithoutScanning()
    {
        await _host.Client.GetAsync("/api/v1/projects/acme/engine/momentum");
        _host.GitHub.ClearRequests();

        var response = await _host.Client.GetAsync("/api/v1/organizations/Spotify?projects=acme/engine,acme/rocket");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Empty(_host.GitHub.Requests);
        Assert.Equal("Spotify", body.GetProperty("organization").GetString());
        Assert.Equal(2, body.GetProperty("projectsTracked").GetInt32());
        Assert.Equal(["acme/rocket"], body.GetProperty("notScanned").EnumerateArray().Select(e => e.GetString()));
        var engine = Assert.Single(body.GetProperty("projects").EnumerateArray());
        Assert.Equal("acme/engine", engine.GetProperty("project").GetString());
        Assert.Equal(3, engine.GetProperty("contributors").GetInt32());
        Assert.Equal("rising", engine.GetProperty("trend").GetString());
        Assert.True(engine.GetProperty("startedThisQuarter").GetBoolean());
        Assert.Equal(["sam", "sue"], engine.GetProperty("newMembers").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task TheApiRefusesWhatIsNotOwnerRepoAndKeepsWorkspacesBehindTheAdminToken()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Client.GetAsync("/api/v1/organizations/Spotify?projects=rocket")).StatusCode);

        await TrackBothAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client.GetAsync("/api/v1/workspaces/playground/organizations/Spotify")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspaces/playground/organizations/Spotify");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        var response = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("projects").GetArrayLength());
    }
}
