using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Catalog;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Benchmarks;

/// <summary>
/// The first answer for a never-seen repository, through <see cref="ReportService"/> as every command and the API ask:
/// a generated two-year repository (10,000 commits, 3,000 pull requests, 1,500 issues by default) on the fake GitHub,
/// every request answered after <c>latency</c>, asked once with the progressive first answer (<c>GitHub__FirstAnswerWeeks</c>
/// = 16) and once waiting for the whole history (0), each on a store of its own, side by side in one run. Prints the
/// time to the first report, its requests, and for the progressive one when the rest had loaded behind it. Needs Redis
/// (MOMENTUM_TEST_REDIS, default 127.0.0.1:6379).
/// </summary>
public static class FirstAnswerMeasurement
{
    public static async Task RunAsync(int commits, TimeSpan latency)
    {
        var data = new LocalGitHubData();
        var repo = Measurements.SyntheticRepository(data, "bench/first-answer", commits: commits, authors: 400, pulls: commits * 3 / 10, issues: commits * 3 / 20);
        await using var github = await FakeGitHub.StartAsync(data, rateLimit: 1_000_000);
        github.Latency = latency;
        Console.WriteLine(Invariant($"first answer for a never-seen repository: {commits:N0} commits, {commits * 3 / 10:N0} PRs, {commits * 3 / 20:N0} issues over 2 years; GitHub latency {latency.TotalMilliseconds:0} ms; GraphQL auto"));
        foreach (var weeks in new[] { 16, 0 })
        {
            github.ClearRequests();
            var prefix = $"bench:{Guid.NewGuid():N}:";
            await using var services = Measurements.Services(github, prefix, new() { ["GitHub:Token"] = "bench", ["Affiliations:GitdmRepository"] = "", ["GitHub:FirstAnswerWeeks"] = Invariant($"{weeks}"), ["GitHub:ProfileLookupsPerScan"] = "300" });
            var reports = services.GetRequiredService<ReportService>();
            var id = RepositoryId.Parse(repo.FullName);
            // The coordinator says when each scan of the repository ends: the first answer's, then the rest's.
            var ended = 0;
            var rest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            services.GetRequiredService<ScanCoordinator>().Scanned += r =>
            {
                if (r == id && Interlocked.Increment(ref ended) == 2)
                {
                    rest.TrySetResult();
                }
            };
            var clock = Stopwatch.StartNew();
            var view = await reports.GetAsync(services.GetRequiredService<ProjectCatalog>().ForRepository(id), new ReportRequest());
            var first = clock.Elapsed;
            var firstRequests = github.Requests.Count;
            var label = weeks == 0 ? "whole history first (FirstAnswerWeeks=0)" : "progressive (FirstAnswerWeeks=16)";
            Console.WriteLine(Invariant($"  {label,-42} first report after {first.TotalSeconds,5:0.0} s (goal <= 10 s), {firstRequests,5:N0} requests; score {view.Report.Report.Momentum.Score}, history from {view.Report.Report.HistoryStart:yyyy-MM-dd}"));
            Console.WriteLine("    " + Breakdown(github.Requests));
            if (weeks > 0)
            {
                await rest.Task;

                var full = await reports.GetAsync(services.GetRequiredService<ProjectCatalog>().ForRepository(id), new ReportRequest());
                Console.WriteLine(Invariant($"  {"  the rest, loaded behind the answer",-42} complete after {clock.Elapsed.TotalSeconds,5:0.0} s, {github.Requests.Count - firstRequests,5:N0} more requests; score {full.Report.Report.Momentum.Score}, history from {full.Report.Report.HistoryStart:yyyy-MM-dd}"));
            }

            await Measurements.DeletePrefixAsync(services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(), prefix);
        }
    }

    /// <summary>The requests by kind: where a first answer's time goes.</summary>
    internal static string Breakdown(IEnumerable<GitHubRequest> requests) =>
        string.Join(", ", requests.GroupBy(r => Kind(r.PathAndQuery)).OrderByDescending(g => g.Count()).Select(g => Invariant($"{g.Key} {g.Count():N0}")));

    private static string Kind(string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0];
        return path switch
        {
            "/graphql" => "graphql",
            _ when GraphQLCost.IsMemberships(path) => "memberships",
            _ when GraphQLCost.IsProfile(path) => "profiles",
            _ when path.EndsWith("/commits", StringComparison.Ordinal) => "commits",
            _ when path.EndsWith("/pulls", StringComparison.Ordinal) => "pulls",
            _ when path.EndsWith("/issues/comments", StringComparison.Ordinal) => "issue comments",
            _ when path.EndsWith("/issues", StringComparison.Ordinal) => "issues",
            _ when path.Contains("/pulls/", StringComparison.Ordinal) => "pull details",
            _ => path.Count(c => c == '/') <= 3 ? "metadata" : "other",
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
