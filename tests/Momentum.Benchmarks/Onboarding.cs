using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Catalog;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Tests.Infrastructure;
using StackExchange.Redis;

namespace Momentum.Benchmarks;

/// <summary>
/// Onboarding N new repositories against the fake GitHub (with latency): once with one personal token, once with a
/// GitHub App whose two installations cover them (plus the token, which then only serves profiles). Counts, per
/// credential, the requests that spent its budget, and says how long each budget would take at GitHub's 5,000 an hour.
/// </summary>
public static class Onboarding
{
    public static async Task RunAsync(int repositories, TimeSpan latency)
    {
        Console.WriteLine(Invariant($"Onboarding {repositories} new repositories (each 400 commits, 80 authors, 120 PRs, 60 issues, 2 years), GitHub latency {latency.TotalMilliseconds:0} ms"));
        foreach (var withApp in new[] { false, true })
        {
            await MeasureAsync(repositories, latency, withApp);
        }
    }

    private static async Task MeasureAsync(int count, TimeSpan latency, bool withApp)
    {
        var data = new LocalGitHubData();
        var names = Enumerable.Range(1, count).Select(i => $"org{i % 2}/repo{i}").ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            Measurements.SyntheticRepository(data, name, commits: 400, authors: 80, pulls: 120, issues: 60, seed: i);
        }

        await using var github = await FakeGitHub.StartAsync(data, rateLimit: 1_000_000);
        github.Latency = latency;
        github.UsePerCredentialBudgets();
        using var key = RSA.Create(2048);
        var settings = new Dictionary<string, string?> { ["GitHub:Token"] = "bench" };
        if (withApp)
        {
            var app = github.UseApp("1", key, TimeProvider.System);
            app.Installations.Add(new FakeInstallation(101, "org0", names.Where(n => n.StartsWith("org0/", StringComparison.Ordinal)).ToList()));
            app.Installations.Add(new FakeInstallation(102, "org1", names.Where(n => n.StartsWith("org1/", StringComparison.Ordinal)).ToList()));
            settings["GitHub:App:Id"] = "1";
            settings["GitHub:App:PrivateKey"] = key.ExportRSAPrivateKeyPem();
        }

        var prefix = $"bench:{Guid.NewGuid():N}:";
        await using var services = Measurements.Services(github, prefix, settings);
        var scanner = services.GetRequiredService<RepositoryScanner>();
        var watch = Stopwatch.StartNew();
        // Four at a time, as a replica's scheduler would run them.
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (name, ct) => await scanner.ScanAsync(RepositoryId.Parse(name), ct));
        watch.Stop();

        // Requests signed with the App's JWT (listing installations, minting tokens) spend no rate budget.
        var jwt = github.Requests.Count(r => r.Credential.StartsWith("eyJ", StringComparison.Ordinal));
        var counted = github.Requests.Where(r => r.Status == 200 && !r.Credential.StartsWith("eyJ", StringComparison.Ordinal)).ToList();
        var byCredential = counted.GroupBy(r => r.Credential).OrderBy(g => g.Key, StringComparer.Ordinal);
        Console.WriteLine(withApp ? "  App (2 installations) + the token for profiles:" : "  one personal token:");
        var slowest = 0.0;
        foreach (var group in byCredential)
        {
            var label = group.Key.StartsWith("app-", StringComparison.Ordinal) ? group.Key : "token-1";
            var hours = group.Count() / 5000.0;
            slowest = Math.Max(slowest, hours);
            Console.WriteLine(Invariant($"    {label}: {group.Count():N0} counted requests ({hours:0.00} h of a 5,000/h budget)"));
        }

        Console.WriteLine(Invariant($"    total {counted.Count:N0} counted, {github.Requests.Count(r => r.Status == 304):N0} free 304s, {jwt} App requests signed with its JWT (not counted; {github.App?.TokensMinted ?? 0} installation tokens minted); wall time {watch.Elapsed.TotalSeconds:0.0} s; budget-bound onboarding time {slowest:0.00} h"));
        await Measurements.DeletePrefixAsync(services.GetRequiredService<IConnectionMultiplexer>(), prefix);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
