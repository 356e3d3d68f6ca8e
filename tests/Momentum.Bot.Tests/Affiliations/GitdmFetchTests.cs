using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Affiliations;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Affiliations;

/// <summary>The gitdm files come through the GitHub API the host already uses, from the fake GitHub's cncf/gitdm.</summary>
public sealed class GitdmFetchTests
{
    /// <summary>The host on a fake GitHub whose cncf/gitdm holds two affiliation files (and a README that must not be read), after its first refresh.</summary>
    private static async Task<SampleHost> StartAsync()
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        var gitdm = data.AddRepository("cncf/gitdm");
        gitdm.Files["developers_affiliations1.txt"] = "# gitdm header\n# more comments\neve: eve!example.org\n\tIndependent\n";
        gitdm.Files["developers_affiliations2.txt"] = "cy: cy!initech.com\n\tInitech until 2099-13-01\n\tNotFound\n";
        gitdm.Files["README.md"] = "eve: eve!example.org\n\tSomewhere Else\n";
        var host = await SampleHost.StartOnAsync(data, new() { ["Affiliations:GitdmRepository"] = "cncf/gitdm" });
        await Refresher(host).FirstRefresh;
        return host;
    }

    private static AffiliationRefresher Refresher(SampleHost host) => host.App.Services.GetRequiredService<AffiliationRefresher>();

    private static async Task<JsonElement> WindowAsync(MomentumApp app)
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("window");
    }

    [Fact]
    public async Task TheMatchingFilesAreReadAtStartUpAndClassifyContributors()
    {
        await using var host = await StartAsync();
        var (github, app) = (host.GitHub, host.App);

        var window = await WindowAsync(app);

        // eve had no affiliation; gitdm says Independent: a known individual, not an unknown.
        Assert.Equal(0.0, window.GetProperty("unknownShare").GetDouble());
        Assert.Equal(1, window.GetProperty("individualContributors").GetInt32());
        Assert.Equal(0.2, window.GetProperty("individualShare").GetDouble());
        Assert.DoesNotContain(github.Requests, r => r.PathAndQuery.Contains("README", StringComparison.Ordinal));
        var data = app.Services.GetRequiredService<AffiliationData>();
        Assert.Equal(2, data.Totals.Entries);
        Assert.Equal(1, data.Totals.Malformed);
    }

    [Fact]
    public async Task ADailyRefreshOfUnchangedFilesCostsNoCountedRequest()
    {
        await using var host = await StartAsync();
        var (github, app, refresher) = (host.GitHub, host.App, Refresher(host));
        var remaining = github.Remaining;
        var requests = github.Requests.Count;

        await refresher.RefreshAsync();

        Assert.Equal(remaining, github.Remaining);
        var refresh = github.Requests.Skip(requests).ToList();
        Assert.All(refresh, r => Assert.Equal(304, r.Status));
        Assert.DoesNotContain(refresh, r => r.PathAndQuery.Contains("/git/blobs/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedFetchKeepsTheLastGoodCopy()
    {
        await using var host = await StartAsync();
        var (github, app, refresher) = (host.GitHub, host.App, Refresher(host));
        var version = app.Services.GetRequiredService<AffiliationData>().Version;
        lock (github.Data.Sync)
        {
            github.Data.Repositories.Remove("cncf/gitdm");
        }

        await refresher.RefreshAsync();

        Assert.Equal(version, app.Services.GetRequiredService<AffiliationData>().Version);
        Assert.Equal(1, (await WindowAsync(app)).GetProperty("individualContributors").GetInt32());
    }

    [Fact]
    public async Task AChangedFileIsFetchedAgainAndReclassifiesAtOnce()
    {
        await using var host = await StartAsync();
        var (github, app, refresher) = (host.GitHub, host.App, Refresher(host));
        Assert.Equal(1, (await WindowAsync(app)).GetProperty("individualContributors").GetInt32());
        lock (github.Data.Sync)
        {
            github.Data.Repositories["cncf/gitdm"].Files["developers_affiliations1.txt"] = "eve: eve!example.org\n\tNotFound\n";
        }

        await refresher.RefreshAsync();

        var window = await WindowAsync(app);
        Assert.Equal(0, window.GetProperty("individualContributors").GetInt32());
        Assert.Equal(0.2, window.GetProperty("unknownShare").GetDouble());
    }

    [Fact]
    public async Task AnEmptyRepositorySettingTurnsGitdmOff()
    {
        await using var host = await SampleHost.StartOnAsync(new LocalGitHubData());
        await Refresher(host).FirstRefresh;

        Assert.DoesNotContain(host.GitHub.Requests, r => r.PathAndQuery.Contains("gitdm", StringComparison.Ordinal));
    }
}
