using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>Ingestion through Octokit against the local GitHub, end to end through the JSON API.</summary>
public sealed class IngestionTests : IAsyncLifetime
{
    private readonly LocalGitHubData _data = new();
    private LocalRepository _repo = null!;
    private FakeGitHub _github = null!;
    private MomentumApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _repo = SampleRepository.Seed(_data);
        _github = await FakeGitHub.StartAsync(_data);
        _app = new MomentumApp(_github);
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _github.DisposeAsync();
    }

    private async Task<JsonElement> MomentumAsync(bool refresh = false)
    {
        var response = await _client.GetAsync($"/api/v1/projects/acme/rocket/momentum{(refresh ? "?refresh=true" : "")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static int Total(JsonElement body, string field) => body.GetProperty("weeks").EnumerateArray().Sum(w => w.GetProperty(field).GetInt32());

    [Fact]
    public async Task ARescanOfAnUnchangedRepositoryCostsOnlyNotModifiedAnswers()
    {
        await MomentumAsync();
        // The first rescan after a backfill moves the cursors from the history horizon to the recent weeks.
        await MomentumAsync(refresh: true);
        _github.ClearRequests();
        var remaining = _github.Remaining;

        var body = await MomentumAsync(refresh: true);

        var requests = _github.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal(304, r.Status));
        Assert.Equal(remaining, _github.Remaining);
        Assert.Equal(4, Total(body, "commits") - 1); // bob's week-3 commit is the fifth
    }

    [Fact]
    public async Task ARescanAfterNewCommitsCountsExactlyTheNewOnes()
    {
        var before = await MomentumAsync();
        lock (_data.Sync)
        {
            _repo.Commits.Add(SampleRepository.Commit("n1", "fay", "fay@hooli.com", 1, hour: 16));
            _repo.Commits.Add(SampleRepository.Commit("n2", "fay", "fay@hooli.com", 1, hour: 17));
            _repo.Pulls.Add(new LocalPull(4, "fay", SampleRepository.In(1, 16), SampleRepository.In(1, 18), MergedAt: SampleRepository.In(1, 18), ClosedAt: SampleRepository.In(1, 18)));
        }

        _app.Clock.Advance(TimeSpan.FromHours(1));
        var after = await MomentumAsync(refresh: true);

        Assert.Equal(Total(before, "commits") + 2, Total(after, "commits"));
        Assert.Equal(Total(before, "pullRequestsOpened") + 1, Total(after, "pullRequestsOpened"));
        Assert.Equal(Total(before, "pullRequestsMerged") + 1, Total(after, "pullRequestsMerged"));
        Assert.Equal(6, after.GetProperty("window").GetProperty("activeContributors").GetInt32());

        // And once more with nothing new: nothing is counted twice.
        var again = await MomentumAsync(refresh: true);
        Assert.Equal(Total(after, "commits"), Total(again, "commits"));
        Assert.Equal(Total(after, "pullRequestsMerged"), Total(again, "pullRequestsMerged"));
    }

    [Fact]
    public async Task AFaultMidScanResumesWithoutLosingOrDoubleCounting()
    {
        // 250 more commits make three pages; the second page fails past every retry.
        lock (_data.Sync)
        {
            for (var i = 0; i < 250; i++)
            {
                _repo.Commits.Add(SampleRepository.Commit($"x{i:D3}", $"dev{i % 25}", $"dev{i % 25}@example{i % 5}.org", 2 + (i % 10), hour: i % 12));
            }
        }

        // History is read by GraphQL (a first scan, GitHub__GraphQL=auto), by REST where GraphQL is off: either fails.
        _github.Faults.Add(new GitHubFault { PathContains = "/commits", Status = 502, Times = 10, After = 1 });
        _github.Faults.Add(new GitHubFault { PathContains = "/graphql", Status = 502, Times = 10, After = 1 });
        var failed = await _client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains(_github.Requests, r => (r.PathAndQuery.Contains("/commits", StringComparison.Ordinal) || r.PathAndQuery == "/graphql") && r.Status == 200);

        _github.Faults.Clear();
        var body = await MomentumAsync(refresh: true);
        Assert.Equal(4 + 1 + 250, Total(body, "commits"));

        // A clean ingestion of the same data by a fresh store agrees exactly.
        await using var clean = new MomentumApp(_github);
        using var cleanClient = clean.CreateClient();
        var reference = await cleanClient.GetFromJsonAsync<JsonElement>("/api/v1/projects/acme/rocket/momentum");
        foreach (var field in new[] { "commits", "commitAuthors", "contributors", "pullRequestsOpened", "pullRequestsMerged", "botEventsExcluded" })
        {
            Assert.Equal(Total(reference, field), Total(body, field));
        }
    }

    [Fact]
    public async Task ConcurrentRefreshesOfOneRepositoryCoalesceIntoOneScan()
    {
        await MomentumAsync();
        _github.ClearRequests();
        var coordinator = _app.Services.GetRequiredService<ScanCoordinator>();
        var joinedBefore = _app.Metrics.Total("momentum.scans", "outcome", "joined");
        var hold = _github.Hold("/repos/acme/rocket");

        var first = _client.GetAsync("/api/v1/projects/acme/rocket/momentum?refresh=true");
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var others = Enumerable.Range(0, 5).Select(_ => _client.GetAsync("/api/v1/projects/acme/rocket/momentum?refresh=true")).ToArray();
        await Eventually.TrueAsync(() => _app.Metrics.Total("momentum.scans", "outcome", "joined") - joinedBefore >= 5, "five requests to join the running scan");

        hold.Release();
        var responses = await Task.WhenAll(others.Prepend(first));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _github.Requests.Count(r => r.PathAndQuery == "/repos/acme/rocket"));
    }

    [Fact]
    public async Task ServerErrorsAreRetriedAndTheScanSucceeds()
    {
        _github.Faults.Add(GitHubFault.ServerError("/pulls", times: 2));
        var body = await MomentumAsync();
        Assert.Equal(2, _github.Requests.Count(r => r.PathAndQuery.Contains("/pulls", StringComparison.Ordinal) && r.Status == 502));
        Assert.Equal(2, Total(body, "pullRequestsOpened"));
    }

    [Fact]
    public async Task CommitIdentitiesFollowLoginsAndNoreplyAddresses()
    {
        Assert.Equal("cy", RepositoryScanner.NoreplyLogin("1234+cy@users.noreply.github.com"));
        Assert.Equal("old-style", RepositoryScanner.NoreplyLogin("old-style@users.noreply.github.com"));
        Assert.Null(RepositoryScanner.NoreplyLogin("cy@gmail.com"));
        Assert.Equal(12, RepositoryScanner.IssueNumber("https://github.com/o/r/pull/12#issuecomment-5"));

        var body = await MomentumAsync();
        // cy committed from a noreply address without a linked account and is still one contributor, classified by profile.
        var organizations = body.GetProperty("window").GetProperty("topEndUserOrganizations").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();
        Assert.Contains("Initech", organizations);
        Assert.Contains("Globex", organizations);
        Assert.Contains("globex.com", organizations);
    }
}
