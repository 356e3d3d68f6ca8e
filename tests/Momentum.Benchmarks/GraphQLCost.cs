using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Catalog;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Tests.Infrastructure;
using StackExchange.Redis;

namespace Momentum.Benchmarks;

/// <summary>
/// What commit history costs by REST and by GraphQL (<c>GitHub__GraphQL</c> off / auto / on) on the same generated
/// repositories: counted REST requests and GraphQL points for the first scan, the settling rescan (cursors move from
/// the horizon to the recent weeks), an unchanged rescan, and a rescan after 10 % new commits.
/// </summary>
public static class GraphQLCost
{
    public static async Task RunAsync(int repositories, TimeSpan latency, int commits)
    {
        Console.WriteLine(Invariant($"History cost by REST vs GraphQL: {repositories} repositories (each {commits} commits, 80 authors, 120 PRs, 60 issues, 2 years), GitHub latency {latency.TotalMilliseconds:0} ms"));
        foreach (var mode in new[] { "off", "auto", "on" })
        {
            await MeasureAsync(repositories, latency, commits, mode);
        }
    }

    internal static bool IsMemberships(string path) => path.StartsWith("/users/", StringComparison.Ordinal) && path.Split('?')[0].EndsWith("/orgs", StringComparison.Ordinal);

    internal static bool IsProfile(string path) => path.StartsWith("/users/", StringComparison.Ordinal) && !IsMemberships(path);

    private static async Task MeasureAsync(int count, TimeSpan latency, int commits, string mode)
    {
        var data = new LocalGitHubData();
        var names = Enumerable.Range(1, count).Select(i => $"org{i % 2}/repo{i}").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            Measurements.SyntheticRepository(data, name, commits: commits, authors: 80, pulls: 120, issues: 60, seed: i);
        }

        await using var github = await FakeGitHub.StartAsync(data, rateLimit: 1_000_000);
        github.Latency = latency;
        var prefix = $"bench:{Guid.NewGuid():N}:";
        await using var services = Measurements.Services(github, prefix, new Dictionary<string, string?> { ["GitHub:Token"] = "bench", ["GitHub:GraphQL"] = mode });
        var scanner = services.GetRequiredService<RepositoryScanner>();
        var budget = services.GetRequiredService<GitHubBudget>();
        Console.WriteLine(Invariant($"  GitHub__GraphQL={mode}:"));

        async Task PhaseAsync(string phase)
        {
            github.ClearRequests();
            var points = budget.GraphQLPoints;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (name, ct) => await scanner.ScanAsync(RepositoryId.Parse(name), ct));
            var requests = github.Requests;
            var rest = requests.Where(r => r.PathAndQuery != "/graphql").ToList();
            Console.WriteLine(Invariant(
                $"    {phase,-22} REST {rest.Count(r => r.Status != 304),6:N0} counted + {rest.Count(r => r.Status == 304),5:N0} free 304s ({rest.Count(r => IsProfile(r.PathAndQuery) && r.Status != 304),5:N0} profiles, {rest.Count(r => IsMemberships(r.PathAndQuery) && r.Status != 304),4:N0} membership lists), GraphQL {requests.Count - rest.Count,4:N0} queries = {budget.GraphQLPoints - points,4:N0} points; {requests.Count,6:N0} round trips, {watch.Elapsed.TotalSeconds,5:0.0} s"));
        }

        await PhaseAsync("first scan");
        await PhaseAsync("settling rescan");
        await PhaseAsync("unchanged rescan");
        var random = new Random(11);
        lock (data.Sync)
        {
            foreach (var name in names)
            {
                var repo = data.Repositories[name];
                var now = DateTimeOffset.UtcNow;
                for (var c = 0; c < commits / 10; c++)
                {
                    var at = now.AddMinutes(-random.Next(1, 600));
                    var dev = random.Next(0, 100); // new authors among them (dev80…dev99 never committed)
                    repo.Commits.Add(new LocalCommit($"new{c:x5}{name.GetHashCode(StringComparison.Ordinal):x8}".PadRight(40, 'b'), $"dev{dev}", $"dev{dev}", $"dev{dev}@company{dev % 60}.com", at, at));
                }
            }
        }

        await PhaseAsync("rescan, 10 % new");
        await Measurements.DeletePrefixAsync(services.GetRequiredService<IConnectionMultiplexer>(), prefix);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
