using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Affiliations;
using Momentum.Bot.Catalog;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using StackExchange.Redis;

namespace Momentum.Benchmarks;

/// <summary>
/// Measurements that need the real parts (Redis, Octokit, the local GitHub): requests a rescan costs, and Redis bytes
/// per repository. Redis comes from MOMENTUM_TEST_REDIS (default 127.0.0.1:6379).
/// </summary>
public static class Measurements
{
    internal static string RedisConnection => Environment.GetEnvironmentVariable("MOMENTUM_TEST_REDIS") is { Length: > 0 } cs ? cs : "127.0.0.1:6379";

    public static async Task StorageAndRescanAsync()
    {
        var data = new LocalGitHubData();
        var repo = SyntheticRepository(data, "bench/rocket", commits: 10_000, authors: 450, pulls: 3_000, issues: 1_500);
        await using var github = await FakeGitHub.StartAsync(data);
        var prefix = $"bench:{Guid.NewGuid():N}:";
        await using var services = Services(github, prefix, new() { ["GitHub:Token"] = "bench", ["Affiliations:GitdmRepository"] = "" });
        var scanner = services.GetRequiredService<RepositoryScanner>();
        var budget = services.GetRequiredService<GitHubBudget>();
        var id = RepositoryId.Parse(repo.FullName);

        var first = await scanner.ScanAsync(id, CancellationToken.None);
        Console.WriteLine(Invariant($"first scan: {first.Requests} requests, {first.CountedEvents} events counted"));
        var settle = await scanner.ScanAsync(id, CancellationToken.None);
        Console.WriteLine(Invariant($"first rescan (cursors move from the horizon to recent weeks): {settle.Requests} requests, {settle.Requests - settle.NotModified} counted against the rate limit"));
        var before = budget.Counted;
        var rescan = await scanner.ScanAsync(id, CancellationToken.None);
        Console.WriteLine(Invariant($"rescan of the unchanged repository: {rescan.Requests} requests sent, {budget.Counted - before} counted against the rate limit, {rescan.NotModified} answered 304"));

        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var breakdown = await BreakdownAsync(redis, prefix + "repo:");
        var repoBytes = breakdown.Sum(b => b.Bytes);
        var etagBytes = await PrefixBytesAsync(redis, prefix + "etag:");
        var profileBytes = await PrefixBytesAsync(redis, prefix + "user:");
        Console.WriteLine(Invariant($"Redis bytes for the repository's activity (10,000 commits, 3,000 PRs, 1,500 issues, 2 years): {repoBytes:N0} ({repoBytes / 1024.0:0.0} KiB)"));
        foreach (var (kind, bytes) in breakdown)
        {
            Console.WriteLine(Invariant($"  {kind}: {bytes:N0} bytes"));
        }

        Console.WriteLine(Invariant($"shared caches: ETag response cache {etagBytes / 1024.0:0.0} KiB (evictable, TTL), profiles {profileBytes / 1024.0:0.0} KiB"));
        await DeletePrefixAsync(redis, prefix);
    }

    /// <summary>The host's scanning services on the fake GitHub and a key prefix of their own; <paramref name="settings"/> add to or override the defaults.</summary>
    internal static ServiceProvider Services(FakeGitHub github, string prefix, Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = RedisConnection,
            ["Redis:KeyPrefix"] = prefix,
            ["GitHub:BaseUrl"] = github.BaseUrl.ToString(),
            ["GitHub:ProfileLookupsPerScan"] = "1000",
        };
        foreach (var (k, v) in settings)
        {
            all[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime, BenchmarkLifetime>();
        services.AddHosting().AddCatalog().AddStore(configuration).AddGitHub().AddAffiliations().AddReports();
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// A repository shaped like real CNCF ones: commits and pull requests by a core-heavy pool of authors (Zipf, s = 1.1:
    /// a few maintainers do most of the work), issues from those authors and a long tail of one-off reporters, 40 % of
    /// commit emails GitHub noreply, 35 % gmail, 25 % corporate; recent items mostly answered by a maintainer.
    /// </summary>
    public static LocalRepository SyntheticRepository(LocalGitHubData data, string name, int commits, int authors, int pulls, int issues, int seed = 7)
    {
        var random = new Random(seed);
        var repo = data.AddRepository(name);
        var now = DateTimeOffset.UtcNow;
        var start = now.AddDays(-7 * 104);
        var span = (now - start).TotalSeconds;
        var core = Zipf(authors, 1.1);
        var reporters = Zipf(authors * 3, 0.5);
        int Pick(double[] cumulative)
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
        }

        string Email(int i) => (i % 20) switch
        {
            < 8 => $"{1000 + i}+dev{i}@users.noreply.github.com",
            < 15 => $"dev{i}@gmail.com",
            _ => $"dev{i}@company{i % 60}.com",
        };

        DateTimeOffset When() => start.AddSeconds(random.NextDouble() * span);
        lock (data.Sync)
        {
            for (var c = 0; c < commits; c++)
            {
                var i = Pick(core);
                var at = When();
                repo.Commits.Add(new LocalCommit($"{c:x8}".PadRight(40, 'a'), $"dev{i}", $"dev{i}", Email(i), at, at.AddMinutes(random.Next(5, 600)), random.NextDouble() < 0.05 ? 2 : 1));
            }

            for (var p = 1; p <= pulls; p++)
            {
                var created = When();
                var merged = random.NextDouble() < 0.7 ? created.AddHours(random.Next(1, 200)) : (DateTimeOffset?)null;
                if (merged > now)
                {
                    merged = null;
                }

                var updated = merged ?? Min(created.AddHours(random.Next(1, 300)), now);
                repo.Pulls.Add(new LocalPull(p, $"dev{Pick(core)}", created, updated, merged, merged));
            }

            for (var i = 0; i < issues; i++)
            {
                var number = pulls + 1 + i;
                var created = When();
                var author = random.NextDouble() < 0.5 ? $"dev{Pick(core)}" : $"user{Pick(reporters)}";
                repo.Issues.Add(new LocalIssue(number, author, created, Min(created.AddHours(random.Next(1, 100)), now)));
            }

            // Recent issues and pull requests: most get a maintainer's answer.
            foreach (var (number, created) in repo.Issues.Select(x => (x.Number, x.CreatedAt)).Concat(repo.Pulls.Select(x => (x.Number, x.CreatedAt))))
            {
                var answer = created.AddHours(random.Next(1, 72));
                if (now - created < TimeSpan.FromDays(84) && answer < now && random.NextDouble() < 0.8)
                {
                    repo.Comments.Add(new LocalComment(number * 10L, number, "maintainer", answer, answer));
                }
            }

            for (var a = 0; a < authors; a++)
            {
                data.Users[$"dev{a}"] = new LocalUser($"dev{a}", a % 4 == 0 ? $"Company {a % 60}" : null);
            }
        }

        return repo;
    }

    internal static double[] Zipf(int count, double exponent)
    {
        var weights = Enumerable.Range(1, count).Select(k => 1 / Math.Pow(k, exponent)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[count];
        double running = 0;
        for (var i = 0; i < count; i++)
        {
            running += weights[i] / total;
            cumulative[i] = running;
        }

        return cumulative;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static async Task<long> PrefixBytesAsync(IConnectionMultiplexer redis, string prefix)
    {
        var server = redis.GetServers()[0];
        long total = 0;
        await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 500))
        {
            var usage = await redis.GetDatabase().ExecuteAsync("MEMORY", "USAGE", key);
            total += usage.IsNull ? 0 : (long)usage;
        }

        return total;
    }

    private static async Task<List<(string Kind, long Bytes)>> BreakdownAsync(IConnectionMultiplexer redis, string prefix)
    {
        var server = redis.GetServers()[0];
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 500))
        {
            var name = key.ToString()[prefix.Length..];
            var kind = name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var shard = kind.LastIndexOf(':');
            kind = shard > 0 && char.IsAsciiDigit(kind[^1]) ? kind[..shard] + ":<week>" : kind;
            var usage = await redis.GetDatabase().ExecuteAsync("MEMORY", "USAGE", key);
            totals[kind] = totals.GetValueOrDefault(kind) + (usage.IsNull ? 0 : (long)usage);
        }

        return totals.OrderByDescending(t => t.Value).Select(t => (t.Key, t.Value)).ToList();
    }

    internal static async Task DeletePrefixAsync(IConnectionMultiplexer redis, string prefix)
    {
        var server = redis.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 500))
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
