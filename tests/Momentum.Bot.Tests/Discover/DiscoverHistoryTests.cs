using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Catalog;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Engine;
using Xunit.Abstractions;

namespace Momentum.Bot.Tests.Discover;

/// <summary>
/// Discovery scans its candidates with a 26-week history (<c>Discovery__HistoryWeeks</c>); a later full report (a Watch,
/// the watchlist scan) extends it to 104 weeks by reading only the weeks it lacks, and ends with exactly the history a
/// full scan from scratch stores.
/// </summary>
public sealed class DiscoverHistoryTests(ITestOutputHelper output)
{
    private const string Deep = "niche/cand-07";

    private static DateTimeOffset In(int weeksAgo, int hour = 10) => SampleRepository.In(weeksAgo, hour);

    /// <summary>The 50 candidates, each with 104 weeks of history: their keeper and an old end-user every week before the 26 discovery reads.</summary>
    private static void SeedLongHistories(FakeGitHub github)
    {
        DiscoverCandidates.Seed(github);
        var data = github.Data;
        lock (data.Sync)
        {
            for (var i = 0; i < 50; i++)
            {
                var repo = data.Repositories[DiscoverCandidates.Name(i)];
                for (var w = 104; w > 26; w--)
                {
                    repo.Commits.Add(SampleRepository.Commit(LocalGitHubData.Sha($"{repo.FullName}/old/{w}/k"), null, $"1{i:00}+keeper@users.noreply.github.com", w));
                    repo.Commits.Add(SampleRepository.Commit(LocalGitHubData.Sha($"{repo.FullName}/old/{w}/o"), null, $"old@old{i}.io", w, hour: 11));
                }
            }
        }
    }

    /// <summary>
    /// The deep candidate also has pull requests and issues on both sides of the 26-week line, and the cases a short
    /// history only half sees: a commit authored in week 40 but committed in week 5, a pull request opened in week 40 and
    /// merged in week 3, an issue opened in week 30 and updated in week 2.
    /// </summary>
    private static void SeedDeepCandidate(FakeGitHub github)
    {
        var data = github.Data;
        lock (data.Sync)
        {
            var repo = data.Repositories[Deep];
            var number = 1;
            // 320 pull requests updated in the last 26 weeks (pages 1–4 of the listing), 120 before it.
            for (var k = 0; k < 440; k++)
            {
                var weeks = k < 320 ? 1 + (k % 25) : 27 + (k % 77);
                var at = In(weeks, hour: k % 12);
                repo.Pulls.Add(new LocalPull(number++, $"dev{k % 6}", at, at.AddHours(2), MergedAt: k % 3 == 0 ? at.AddHours(2) : null, ClosedAt: k % 3 == 0 ? at.AddHours(2) : null));
            }

            for (var k = 0; k < 60; k++)
            {
                var weeks = k < 30 ? 1 + (k % 25) : 27 + (k % 77);
                var at = In(weeks, hour: 13);
                repo.Issues.Add(new LocalIssue(number++, $"dev{k % 6}", at, at.AddHours(1)));
            }

            repo.Commits.Add(new LocalCommit(LocalGitHubData.Sha("late"), null, "late", "late@late.io", In(40), In(5)));
            repo.Pulls.Add(new LocalPull(number++, "dev1", In(40), In(3), MergedAt: In(3), ClosedAt: In(3)));
            repo.Issues.Add(new LocalIssue(number, "dev2", In(30), In(2)));
        }

        for (var k = 0; k < 6; k++)
        {
            data.AddUser($"dev{k}", k % 2 == 0 ? $"Company {k}" : null);
        }
    }

    private static async Task<DiscoveryResult> DiscoverAsync(SampleHost host)
    {
        var response = await host.Client.PostAsJsonAsync("/playground/run", new { text = "discover service-mesh limit=30" });
        response.EnsureSuccessStatusCode();
        var query = DiscoverQuery.Create(DiscoverCandidates.Topic, null, null, 30).Query!;
        return (await host.App.Services.GetRequiredService<DiscoveryService>().CachedAsync(query, "playground"))!;
    }

    private static Task<ReportView> FullReportAsync(SampleHost host) =>
        host.App.Services.GetRequiredService<ReportService>().GetAsync(
            host.App.Services.GetRequiredService<ProjectCatalog>().ForRepository(RepositoryId.Parse(Deep)), new ReportRequest { Workspace = "playground" });

    private static string Weeks(ReportView view) => JsonSerializer.Serialize(view.Report.Report.Weeks);

    [Fact]
    public async Task ThirtyCandidatesCostFewerRequestsWithA26WeekHistoryThanWith104AndRankTheSame()
    {
        await using var full = await SampleHost.StartAsync(new() { ["Discover:HistoryWeeks"] = "104" });
        SeedLongHistories(full.GitHub);
        await using var cheap = await SampleHost.StartAsync();
        SeedLongHistories(cheap.GitHub);

        var before = await DiscoverAsync(full);
        var after = await DiscoverAsync(cheap);

        output.WriteLine($"30 candidates, 104 weeks each: {before.Requests} counted requests with Discovery__HistoryWeeks=104, {after.Requests} with 26 (GitHub saw {full.GitHub.Requests.Count} and {cheap.GitHub.Requests.Count} requests).");
        Assert.Equal(30, after.Projects.Count);
        Assert.All(after.Projects, p => Assert.Null(p.Problem));
        Assert.True(after.Requests < before.Requests, $"{after.Requests} counted requests with 26 weeks, {before.Requests} with 104");
        // The rule reads 26 weeks either way: the same order, the same reasons.
        Assert.Equal(before.Projects.Select(p => (p.Repository, p.Score, p.Reason)), after.Projects.Select(p => (p.Repository, p.Score, p.Reason)));
        var state = await cheap.App.Services.GetRequiredService<ActivityStore>().GetStateAsync(RepositoryId.Parse(Deep));
        Assert.Equal(Week.Of(MomentumApp.Now).Plus(-26), state.HistoryStart);
    }

    [Fact]
    public async Task AFullReportExtendsACandidatesHistoryTo104WeeksReadingOnlyWhatItLacks()
    {
        await using var host = await SampleHost.StartAsync();
        SeedLongHistories(host.GitHub);
        SeedDeepCandidate(host.GitHub);
        await using var scratch = await SampleHost.StartAsync();
        SeedLongHistories(scratch.GitHub);
        SeedDeepCandidate(scratch.GitHub);
        var now = Week.Of(MomentumApp.Now);

        await DiscoverAsync(host);
        var shallow = await host.App.Services.GetRequiredService<ActivityStore>().GetStateAsync(RepositoryId.Parse(Deep));
        Assert.Equal(now.Plus(-26), shallow.HistoryStart);
        Assert.Equal(4, shallow.PullsBackfillPage);

        host.GitHub.ClearRequests();
        var budget = host.App.Services.GetRequiredService<GitHubBudget>();
        var counted = budget.Counted;
        var extended = await FullReportAsync(host);
        var extension = budget.Counted - counted;
        var reference = await FullReportAsync(scratch);

        // Exactly what a full scan from scratch stores: nothing lost at the old line, nothing counted twice.
        Assert.Equal(now.Plus(-104).Start, extended.Report.Report.HistoryStart);
        Assert.Equal(Weeks(reference), Weeks(extended));
        Assert.Equal(JsonSerializer.Serialize(reference.Report.Report.Window), JsonSerializer.Serialize(extended.Report.Report.Window));
        Assert.Contains(extended.Report.Report.Weeks, w => w.WeekStart == now.Plus(-40).Start && w.Commits > 0);

        // What it read: commits only before the old line, pull requests from page 4 on (after the incremental page 1), issues from 104 weeks back.
        var requests = host.GitHub.Requests.Select(r => Uri.UnescapeDataString(r.PathAndQuery)).ToList();
        var commits = requests.Where(r => r.StartsWith($"/repos/{Deep}/commits?", StringComparison.Ordinal)).ToList();
        Assert.Contains(commits, r => r.Contains("until=", StringComparison.Ordinal));
        Assert.All(commits.Where(r => r.Contains("until=", StringComparison.Ordinal)), r => Assert.Contains($"since={now.Plus(-104).StartInstant:yyyy-MM-dd}", r, StringComparison.Ordinal));
        var pulls = requests.Where(r => r.StartsWith($"/repos/{Deep}/pulls?", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(pulls, r => r.Contains("page=2", StringComparison.Ordinal) || r.Contains("page=3", StringComparison.Ordinal));
        Assert.Contains(pulls, r => r.Contains("page=4", StringComparison.Ordinal));
        Assert.DoesNotContain(host.GitHub.Requests, r => r.PathAndQuery.StartsWith("/graphql", StringComparison.Ordinal));
        var fromScratch = scratch.App.Services.GetRequiredService<GitHubBudget>().Counted;
        output.WriteLine($"{Deep}: 26-week history extended to 104 weeks with {extension} counted requests ({host.GitHub.Requests.Count} sent); a full scan from scratch counted {fromScratch}.");
        Assert.True(extension < fromScratch, $"extension {extension}, from scratch {fromScratch}");
    }
}
