using System.Net;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>Profiles expire on the host's clock, and their ETags outlive them: refreshing an unchanged profile is a free 304.</summary>
public sealed class ProfileRefreshTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    // Profiles looked up by REST, as every one is without GraphQL (by GraphQL committers' profiles come with the history).
    public async Task InitializeAsync() => _host = await SampleHost.StartAsync(new Dictionary<string, string?> { ["GitHub:GraphQL"] = "off" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task ScanAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync(new Uri("/api/v1/projects/acme/rocket/momentum?refresh=true", UriKind.Relative))).StatusCode);

    private List<GitHubRequest> ProfileRequests => _host.GitHub.Requests.Where(r => r.PathAndQuery.StartsWith("/users/", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task RefreshingUnchangedProfilesAfterTheyExpireCostsNoCountedRequest()
    {
        await ScanAsync();
        var looked = ProfileRequests;
        Assert.NotEmpty(looked);
        Assert.All(looked, r => Assert.Equal(200, r.Status));

        // Past every profile's expiry (15 to 30 days, spread per login) and far past the 7 days other responses are kept.
        _host.App.Clock.Advance(TimeSpan.FromDays(31));
        _host.GitHub.ClearRequests();
        await ScanAsync();

        var refreshed = ProfileRequests;
        Assert.Equal(looked.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal), refreshed.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal));
        Assert.All(refreshed, r => Assert.Equal(304, r.Status));
    }

    [Fact]
    public async Task ProfilesLiveOnTheHostsClockAndAreNotLookedUpAgainBeforeTheyExpire()
    {
        await ScanAsync();
        _host.App.Clock.Advance(TimeSpan.FromDays(8));
        _host.GitHub.ClearRequests();

        await ScanAsync();

        // Every profile lives at least half of the 30 days: none is due after 8.
        Assert.Empty(ProfileRequests);
    }
}
