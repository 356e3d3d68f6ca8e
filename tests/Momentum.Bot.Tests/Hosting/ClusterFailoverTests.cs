using System.Diagnostics;
using System.Net;
using Momentum.Bot.Demo;
using Momentum.Bot.Hosting;
using Momentum.Bot.Tests.Infrastructure;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Hosting;

/// <summary>A Redis Cluster that stops serving its slots (failing over, resharding): commands still answer at once, and say why.</summary>
public sealed class ClusterFailoverTests
{
    [Fact]
    public async Task WhenTheClusterStopsServingItsSlotsASlashCommandSaysTheStoreIsUnavailableWithinSlacksWindow()
    {
        await using var node = await RedisProcess.StartAsync(clusterNode: true);
        await using var admin = await node.ConnectAsync();
        var server = admin.GetServer(node.ConnectionString);
        await server.ExecuteAsync("CLUSTER", "ADDSLOTSRANGE", 0, 16383);
        // The node declares its cluster healthy on its next cron turn.
        await Eventually.TrueAsync(
            async () => ((string)(await server.ExecuteAsync("CLUSTER", "INFO"))!).Contains("cluster_state:ok", StringComparison.Ordinal), "the one-node cluster to become healthy", TimeSpan.FromSeconds(20));

        await using var github = await FakeGitHub.StartAsync(new LocalGitHubData());
        await using var slack = await FakeSlack.StartAsync();
        await using var app = new MomentumApp(github, new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
            ["Scheduling:Enabled"] = "false",
        }, redis: node.ConnectionString);
        using var client = app.CreateClient();
        Task<HttpResponseMessage> SlashAsync() =>
            client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("subscriptions", slack.ResponseUrl("r1")), "application/x-www-form-urlencoded", app.Clock.GetUtcNow()));
        var before = await (await SlashAsync()).Content.ReadAsStringAsync();
        Assert.DoesNotContain(StoreUnavailable.Message, before, StringComparison.Ordinal);

        // Every slot unassigned: the node answers CLUSTERDOWN to whatever is sent to it.
        await server.ExecuteAsync("CLUSTER", "DELSLOTSRANGE", 0, 16383);
        var clock = Stopwatch.StartNew();
        using var slash = await SlashAsync();
        var elapsed = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, slash.StatusCode);
        Assert.Contains(StoreUnavailable.Message, await slash.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"answered after {elapsed.TotalSeconds:0.0} s");
    }

    [Theory]
    [InlineData("CLUSTERDOWN The cluster is down", true)]
    [InlineData("CLUSTERDOWN Hash slot not served", true)]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot", true)]
    [InlineData("MOVED 3999 127.0.0.1:6381", true)]
    [InlineData("ASK 3999 127.0.0.1:6381", true)]
    [InlineData("READONLY You can't write against a read only replica.", true)]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.", true)]
    [InlineData("LOADING Redis is loading the dataset in memory", true)]
    [InlineData("ERR unknown command 'FOO'", false)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", false)]
    [InlineData("ASKING is not a reply", false)]
    public void FailoverRepliesCountAsAnUnavailableStoreAndOtherErrorsDoNot(string reply, bool unavailable) =>
        Assert.Equal(unavailable, StoreUnavailable.Is(new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, reply)));

    [Theory]
    [InlineData(RedisErrorKind.ClusterDown, true)]
    [InlineData(RedisErrorKind.TryAgain, true)]
    [InlineData(RedisErrorKind.ReadOnly, true)]
    [InlineData(RedisErrorKind.WrongType, false)]
    [InlineData(RedisErrorKind.CrossSlot, false)]
    public void AFailoverKindCountsAsAnUnavailableStoreWhateverItsText(RedisErrorKind kind, bool unavailable) =>
        Assert.Equal(unavailable, StoreUnavailable.Is(new RedisServerException(kind, CommandFlags.None, "some text")));
}
