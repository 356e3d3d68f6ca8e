using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Demo;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Engine;

namespace Momentum.Benchmarks;

/// <summary>
/// One discovery end to end through <see cref="DiscoveryService"/> (what <c>/momentum discover</c> and the API run after
/// their acknowledgement): a fake GitHub whose search holds <c>candidates</c> repositories in one topic, each with a
/// generated 26-week history (a keeper every week; end-user contributors from many companies in the last 13 weeks,
/// others before), every request answered after <c>latency</c>. Prints the time to the ranking, the progress reported,
/// the search and counted requests, each of the first results' reasons, and what the same query costs again within
/// the day. Needs Redis (MOMENTUM_TEST_REDIS, default 127.0.0.1:6379).
/// </summary>
public static class DiscoverMeasurement
{
    private const string Topic = "service-mesh";

    public static async Task RunAsync(int candidates, TimeSpan latency, int limit)
    {
        var data = new LocalGitHubData();
        await using var github = await FakeGitHub.StartAsync(data, rateLimit: 1_000_000);
        Seed(data, github, candidates);
        github.Latency = latency;
        await using var services = Measurements.Services(github, $"bench:{Guid.NewGuid():N}:", new() { ["GitHub:Token"] = "bench", ["Affiliations:GitdmRepository"] = "" });
        var discovery = services.GetRequiredService<DiscoveryService>();
        var query = DiscoverQuery.Create(Topic, null, null, limit).Query!;
        Console.WriteLine(Invariant($"discover {Topic} limit={limit}: {candidates} repositories in the topic's search, GitHub latency {latency.TotalMilliseconds:0} ms"));

        var progress = new List<(TimeSpan At, DiscoveryProgress Where)>();
        var clock = Stopwatch.StartNew();
        var result = await discovery.DiscoverAsync(query, workspace: null, onSlow: null, p => { lock (progress) { progress.Add((clock.Elapsed, p)); } });
        var took = clock.Elapsed;
        Console.WriteLine(Invariant($"  ranking after {took.TotalSeconds:0.0} s (goal <= 60 s for 30 candidates): {result.Projects.Count} ranked of {result.Found} found"));
        Console.WriteLine(Invariant($"  progress reported {progress.Count} time(s); last \"{progress.LastOrDefault().Where?.Scanned} of {progress.LastOrDefault().Where?.Candidates} scanned\""));
        Console.WriteLine(Invariant($"  requests: {result.SearchRequests} search (at most 10 a run), {result.Requests:N0} counted against the core limit"));
        foreach (var project in result.Projects.Take(3))
        {
            Console.WriteLine(Invariant($"    {project.Repository}: {project.Reason}"));
        }

        clock.Restart();
        var again = await discovery.DiscoverAsync(query, workspace: null, onSlow: null);
        Console.WriteLine(Invariant($"  the same query again: {clock.Elapsed.TotalMilliseconds:0} ms, {github.SearchRequests - result.SearchRequests} more search requests, same ranking: {again.Projects.Select(p => p.Repository).SequenceEqual(result.Projects.Select(p => p.Repository))}"));
    }

    private static void Seed(LocalGitHubData data, FakeGitHub github, int count)
    {
        var week = Week.Of(DateTimeOffset.UtcNow);
        DateTimeOffset At(int weeksAgo, int hour) => week.Plus(-weeksAgo).StartInstant.AddDays(1).AddHours(hour);
        for (var i = 0; i < count; i++)
        {
            var repo = data.AddRepository($"niche/cand-{i:00}");
            var level = 1 + (i * 7 % 10);
            var n = 0;
            LocalCommit Commit(string email, int weeksAgo, int hour)
            {
                var sha = LocalGitHubData.Sha($"{repo.FullName}/{n++}").PadRight(40, '0');
                return new LocalCommit(sha, null, email, email, At(weeksAgo, hour), At(weeksAgo, hour).AddMinutes(5), 1, "User");
            }

            lock (data.Sync)
            {
                repo.Stars = 5000 - (level * 400) - i;
                for (var w = 26; w >= 1; w--)
                {
                    repo.Commits.Add(Commit($"1{i:00}+keeper@users.noreply.github.com", w, 10));
                    if (w > 13)
                    {
                        repo.Commits.Add(Commit($"old@old{i}.io", w, 11));
                    }
                    else
                    {
                        for (var k = 0; k < level; k++)
                        {
                            repo.Commits.Add(Commit($"dev{k}@c{i}-{k}.io", w, 12 + k));
                        }
                    }
                }
            }

            github.Search.Index.Add(new SearchEntry(repo.FullName, [Topic, "kubernetes"], i % 2 == 0 ? "Go" : "Rust"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
