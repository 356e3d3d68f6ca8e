using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Resilience.Load;

/// <summary>
/// Signed slash commands for <c>MOMENTUM_LOAD_SECONDS</c> (CI: 8 s; <c>bench/resilience.sh</c>: 60 s) against the real
/// host on the real clock, with every GitHub answer taking 500 ms: half ask for a stored project, half for one never
/// scanned. No answer may be an error, every command is answered (directly, or acknowledged and then delivered), and
/// managed memory must stay flat. With <c>MOMENTUM_LOAD_STRICT=1</c> (the bench script) no HTTP answer may take over
/// Slack's 3 s; CI only records the slowest, since its machine runs other test assemblies beside this one.
/// </summary>
public sealed class SlowGitHubLoadTests(ITestOutputHelper output)
{
    private static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("MOMENTUM_LOAD_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 8;

    private static bool Strict => Environment.GetEnvironmentVariable("MOMENTUM_LOAD_STRICT") == "1";

    private sealed class RealClockApp(FakeGitHub github, FakeSlack slack) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Redis", TestRedis.ConnectionString);
            builder.UseSetting("Redis:KeyPrefix", TestRedis.NewPrefix());
            builder.UseSetting("GitHub:BaseUrl", github.BaseUrl.ToString());
            builder.UseSetting("GitHub:Token", "test-token");
            builder.UseSetting("Affiliations:GitdmRepository", "");
            builder.UseSetting("Slack:SigningSecret", SlackRequests.Secret);
            builder.UseSetting("Slack:BotToken", "xoxb-test-token");
            builder.UseSetting("Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString());
            builder.UseSetting("Scheduling:Enabled", "false");
            builder.UseSetting("Shutdown:DrainTimeout", "00:00:05");
        }
    }

    [Fact]
    public async Task SignedCommandsStayWithinSlacksDeadlineWhileGitHubIsSlow()
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        // Distinct never-scanned projects: two for each second of load (the commands for them share scans).
        var colds = 2 * Seconds;
        for (var i = 0; i < colds; i++)
        {
            SampleRepository.Seed(data, $"cold/r{i}");
        }

        await using var github = await FakeGitHub.StartAsync(data);
        await using var slack = await FakeSlack.StartAsync();
        await using var app = new RealClockApp(github, slack);
        using var client = app.CreateClient();

        // The stored project: scanned before GitHub slows down.
        using (await client.GetAsync(new Uri("/api/v1/projects/acme/rocket/momentum", UriKind.Relative)))
        {
        }

        github.Latency = TimeSpan.FromMilliseconds(500);
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentQueue<string>();
        var acknowledged = new ConcurrentDictionary<string, string>();
        var sent = 0;
        var cold = 0;
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var deadline = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(Seconds);

        async Task UserAsync(int user)
        {
            var n = 0;
            while (deadline.Elapsed < duration)
            {
                var isCold = n++ % 2 == 1;
                var id = $"u{user}-{n}";
                var text = isCold ? $"cold/r{Interlocked.Increment(ref cold) % colds}" : "acme/rocket";
                using var request = SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand(text, slack.ResponseUrl(id), team: $"T{user % 5:0000}"),
                    "application/x-www-form-urlencoded", DateTimeOffset.UtcNow);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref sent);
                if (!response.IsSuccessStatusCode)
                {
                    errors.Enqueue($"{(int)response.StatusCode} for {text}: {body}");
                }
                else if (body.Contains("Working on it", StringComparison.Ordinal) || body.Length == 0)
                {
                    acknowledged[id] = $"{text} → {body}";
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(UserAsync));
        var after = GC.GetTotalMemory(forceFullCollection: true);

        // Every acknowledged command is answered later through its response_url (the scans behind them finish at
        // GitHub's slow pace, so this waits up to two minutes in all).
        bool Delivered(string id) => slack.Calls.Any(c => c.Path.EndsWith("/response/" + id, StringComparison.Ordinal));
        var waiting = Stopwatch.StartNew();
        var undelivered = acknowledged.Keys.Where(id => !Delivered(id)).ToList();
        while (undelivered.Count > 0 && waiting.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                var pending = undelivered.ToHashSet();
                await slack.WaitForAsync(c => pending.Any(id => c.Path.EndsWith("/response/" + id, StringComparison.Ordinal)), TimeSpan.FromMinutes(2) - waiting.Elapsed);
            }
            catch (TimeoutException)
            {
                break;
            }

            undelivered = undelivered.Where(id => !Delivered(id)).ToList();
        }

        var sorted = latencies.OrderBy(l => l).ToArray();
        double P(double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
        var growth = (after - before) / 1024.0 / 1024.0;
        Figures.Record(output, string.Create(CultureInfo.InvariantCulture,
            $"load, GitHub at 500 ms a response, {Seconds} s, 8 users: {sent:N0} signed commands, {errors.Count} errors, {undelivered.Count} acknowledged but never answered, " +
            $"HTTP answer p50 {P(0.5):0} ms, p99 {P(0.99):0} ms, max {sorted[^1]:0} ms, {sorted.Count(l => l > 3000)} over 3 s; managed memory {before / 1048576.0:0} → {after / 1048576.0:0} MB"));

        Assert.True(errors.IsEmpty, string.Join('\n', errors.Take(5)));
        Assert.True(undelivered.Count == 0, string.Join('\n', undelivered.Take(5).Select(id => $"{id}: {acknowledged[id]}")));
        Assert.True(growth < 64, $"managed memory grew {growth:0} MB");
        if (Strict)
        {
            Assert.True(sorted[^1] <= 3000, $"slowest answer {sorted[^1]:0} ms");
        }
    }
}
