using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Affiliations;

/// <summary>
/// Public GitHub organisation memberships (<c>GET /users/{login}/orgs</c>) and the profile's public email through the
/// fake GitHub: who is looked up, what it costs, and what <c>who</c> and the contributors API then say.
/// </summary>
public sealed class ProfileSourceHostTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    // By REST, so every profile is a /users/{login} lookup; by GraphQL committers' profiles come with the history.
    public async Task InitializeAsync() => _host = await StartAsync(new() { ["GitHub:GraphQL"] = "off" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static async Task<SampleHost> StartAsync(Dictionary<string, string?> settings)
    {
        var host = await SampleHost.StartAsync(settings);
        var data = host.GitHub.Data;
        lock (data.Sync)
        {
            // cy: profile "Initech Inc.", but a public member of Grafana's organisation (a catalog organisation).
            data.UserOrganizations["cy"] = ["some-meetup", "grafana"];
            // dee: "Globex Corporation" in the profile; a member of the project's own organisation only.
            data.UserOrganizations["dee"] = ["acme"];
            // eve: nothing in the profile's company; a public email at a company.
            data.Users["eve"] = new LocalUser("eve", "") { Email = "eve@hooli.com" };
            // ana and bob commit from corporate domains: their memberships would never be read.
            data.UserOrganizations["ana"] = ["grafana"];
        }

        return host;
    }

    private List<GitHubRequest> MembershipRequests => _host.GitHub.Requests.Where(r => r.PathAndQuery.StartsWith("/users/", StringComparison.Ordinal) && r.PathAndQuery.Contains("/orgs", StringComparison.Ordinal)).ToList();

    private async Task<string> WhoAsync()
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/run", new { text = "who acme/rocket" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("html").GetString()!;
    }

    private async Task ScanAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync(new Uri("/api/v1/projects/acme/rocket/momentum?refresh=true", UriKind.Relative))).StatusCode);

    [Fact]
    public async Task MembershipsAreLookedUpOnlyForPeopleNoCommitEmailAffiliatesAndWhoShowsTheNewSources()
    {
        var html = await WhoAsync();

        Assert.Equal(["/users/cy/orgs", "/users/dee/orgs", "/users/eve/orgs"], MembershipRequests.Select(r => r.PathAndQuery.Split('?')[0]).Order(StringComparer.Ordinal));
        Assert.Contains("• Grafana Labs — cy (GitHub org)", html, StringComparison.Ordinal);
        Assert.Contains("— dee (GitHub org)", html, StringComparison.Ordinal);
        Assert.Contains("• hooli.com (unverified) — eve (profile email)", html, StringComparison.Ordinal);

        var json = await _host.Client.GetFromJsonAsync<JsonElement>("/api/v1/projects/acme/rocket/contributors");
        var people = json.GetProperty("contributors").EnumerateArray().ToDictionary(c => c.GetProperty("identity").GetString()!);
        Assert.Equal(("endUser", "Grafana Labs", "gitHubOrganization"), (people["cy"].GetProperty("class").GetString(), people["cy"].GetProperty("organization").GetString(), people["cy"].GetProperty("source").GetString()));
        Assert.Equal(("community", "gitHubOrganization"), (people["dee"].GetProperty("class").GetString(), people["dee"].GetProperty("source").GetString()));
        Assert.Equal(("endUser", "hooli.com", "profileEmail"), (people["eve"].GetProperty("class").GetString(), people["eve"].GetProperty("organization").GetString(), people["eve"].GetProperty("source").GetString()));
    }

    [Fact]
    public async Task PersonShowsWhatTheMembershipsAndThePublicEmailSay()
    {
        await ScanAsync();

        async Task<string> PersonAsync(string login)
        {
            var response = await _host.Client.PostAsJsonAsync("/playground/run", new { text = $"person {login}" });
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("html").GetString()!;
        }

        var cy = await PersonAsync("cy");
        Assert.Contains("GitHub org", cy, StringComparison.Ordinal);
        Assert.Contains("Grafana Labs", cy, StringComparison.Ordinal);
        Assert.Contains("hooli.com", await PersonAsync("eve"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshingUnchangedMembershipsAfterTheyExpireCostsNoCountedRequest()
    {
        await ScanAsync();
        Assert.All(MembershipRequests, r => Assert.Equal(200, r.Status));
        var first = MembershipRequests.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal).ToList();

        _host.App.Clock.Advance(TimeSpan.FromDays(8));
        _host.GitHub.ClearRequests();
        await ScanAsync();
        Assert.Empty(MembershipRequests); // kept at least half of the 30-day profile TTL

        _host.App.Clock.Advance(TimeSpan.FromDays(23));
        _host.GitHub.ClearRequests();
        await ScanAsync();
        Assert.Equal(first, MembershipRequests.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal));
        Assert.All(MembershipRequests, r => Assert.Equal(304, r.Status));
    }

    [Fact]
    public async Task ProfilesAndMembershipsShareTheLookupBudgetOfAScanAndTheRestFollowLater()
    {
        await using var host = await StartAsync(new() { ["GitHub:GraphQL"] = "off", ["GitHub:ProfileLookupsPerScan"] = "3" });
        int Lookups() => host.GitHub.Requests.Count(r => r.PathAndQuery.StartsWith("/users/", StringComparison.Ordinal));
        async Task ScanAsync() => Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(new Uri("/api/v1/projects/acme/rocket/momentum?refresh=true", UriKind.Relative))).StatusCode);

        // Five people (ana, bob, cy, dee, eve) to look up, three of them with memberships too: eight requests in all.
        await ScanAsync();
        Assert.Equal(3, Lookups());
        await ScanAsync();
        Assert.Equal(6, Lookups());
        await ScanAsync();
        Assert.Equal(8, Lookups());
        await ScanAsync();
        Assert.Equal(8, Lookups());
    }
}
