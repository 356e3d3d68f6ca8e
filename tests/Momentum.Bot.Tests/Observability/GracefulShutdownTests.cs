using System.Diagnostics;
using System.Net;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Hosting;
using Momentum.Bot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Momentum.Bot.Tests.Observability;

/// <summary>SIGTERM to a real host process under load, on real Redis: it stops taking work, exits within its deadline, and loses nothing.</summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Commands = 8;
    private FakeGitHub _github = null!;
    private FakeSlack _slack = null!;

    public async Task InitializeAsync()
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        _github = await FakeGitHub.StartAsync(data);
        _slack = await FakeSlack.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _github.DisposeAsync();
    }

    private Dictionary<string, string> Settings(string prefix) => new()
    {
        ["ConnectionStrings__Redis"] = TestRedis.ConnectionString,
        ["Redis__KeyPrefix"] = prefix,
        ["GitHub__BaseUrl"] = _github.BaseUrl.ToString(),
        ["GitHub__Token"] = "test-token",
        ["Slack__SigningSecret"] = SlackRequests.Secret,
        ["Slack__BotToken"] = "xoxb-test-token",
        ["Slack__ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
        ["Scheduling__Enabled"] = "false",
        ["Shutdown__DrainTimeout"] = "00:00:02",
        ["Shutdown__Timeout"] = "00:00:05",
    };

    [Fact]
    public async Task UnderLoadSigtermExitsWithinTheDeadlineAndEveryPromisedAnswerIsDeliveredByTheNextReplica()
    {
        var prefix = TestRedis.NewPrefix();
        // GitHub answers nothing while the first replica runs: every command waits on the scan, promised and acknowledged.
        var hold = _github.HoldHistory();
        var urls = Enumerable.Range(0, Commands).Select(i => _slack.ResponseUrl($"shutdown-{i}")).ToList();
        TimeSpan toExit;
        string firstOutput;
        await using (var first = await RunningHost.StartAsync(Settings(prefix)))
        {
            using var client = new HttpClient { BaseAddress = first.Address };
            foreach (var url in urls)
            {
                var response = await client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", url), "application/x-www-form-urlencoded", DateTimeOffset.UtcNow));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("Working on it", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            }

            await hold.Reached;
            var clock = Stopwatch.StartNew();
            firstOutput = await first.StopAsync();
            toExit = clock.Elapsed;
        }

        // Every lease was handed back on the way out (the next replica need not wait for them to lapse); the promises stay.
        var db = TestRedis.Connection.GetDatabase();
        var left = new List<string>();
        await foreach (var key in TestRedis.Connection.GetServers()[0].KeysAsync(pattern: prefix + "*lease*"))
        {
            left.Add(key.ToString());
        }

        Assert.Empty(left);
        var keys = new Momentum.Bot.Store.RedisKeys(prefix);
        var promised = 0L;
        for (var shard = 0; shard < Momentum.Bot.Store.RedisKeys.Shards; shard++)
        {
            promised += await db.SortedSetLengthAsync(keys.PendingAnswersShard(shard));
        }

        Assert.Equal(Commands, promised);
        output.WriteLine($"SIGTERM to exit: {toExit.TotalSeconds:0.00} s with {Commands} answers in flight (Shutdown__Timeout 5 s)");
        Assert.True(toExit < TimeSpan.FromSeconds(15), $"the host took {toExit} to exit");
        Assert.DoesNotContain(_slack.Calls, c => urls.Any(u => u.AbsolutePath == c.Path));

        // GitHub is back; the next replica takes over every promise the first one left, and answers it.
        hold.Release();
        await using var second = await RunningHost.StartAsync(Settings(prefix));
        foreach (var url in urls)
        {
            var answer = await _slack.WaitForPathAsync(url.AbsolutePath);
            Assert.Contains("acme/rocket", answer.Body, StringComparison.Ordinal);
        }

        var lost = urls.Count(u => !_slack.Calls.Any(c => c.Path == u.AbsolutePath));
        output.WriteLine($"answers lost: {lost} of {Commands}");
        Assert.Equal(0, lost);
        Assert.True(firstOutput.Contains("cancelled at shutdown", StringComparison.Ordinal), firstOutput);
    }
}
