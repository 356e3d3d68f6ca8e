using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Demo;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Reliability;

/// <summary>"Working on it…" is a promise kept by whichever replica is alive: one host promises and stops, the next one answers.</summary>
public sealed class DurableAnswerTests : IAsyncLifetime
{
    private readonly string _prefix = TestRedis.NewPrefix();
    private FakeSlack _slack = null!;
    private FakeGitHub _github = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        _github = await FakeGitHub.StartAsync(data);
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private MomentumApp Host() => new(_github, new()
    {
        ["Slack:SigningSecret"] = SlackRequests.Secret,
        ["Slack:BotToken"] = "xoxb-test-token",
        ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
        // A dead replica's holds lapse in seconds here (renewed only when a clock moves, and the tests' clocks stand still).
        ["Answers:LeaseTtl"] = "00:00:03",
        ["GitHub:ScanLeaseTtl"] = "00:00:03",
    }, prefix: _prefix);

    private static Task NoneLeftAsync(PendingAnswerStore pending) =>
        Eventually.TrueAsync(async () => (await pending.IdsAsync()).Count == 0, "the kept promise to be forgotten");

    [Fact]
    public async Task AnAnswerPromisedByAHostThatStoppedIsDeliveredByTheNextOne()
    {
        var hold = _github.HoldHistory();
        var first = Host();
        using (var client = first.CreateClient())
        {
            var response = await client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket public", _slack.ResponseUrl("promised")), "application/x-www-form-urlencoded", first.Clock.GetUtcNow()));
            Assert.Contains("Working on it", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await hold.Reached;
        Assert.Single(await first.Services.GetRequiredService<PendingAnswerStore>().IdsAsync());
        // The host goes away mid-scan, before the answer is ready.
        await first.DisposeAsync();
        Assert.DoesNotContain(_slack.Calls, c => c.Path == "/response/promised");

        hold.Release();
        // Whatever the first host still held (it stopped without releasing) runs out.
        await Leases.GoneAsync(_prefix);
        await using var second = Host();
        _ = second.Services;

        var delivered = await _slack.WaitForPathAsync("/response/promised");
        Assert.Equal("in_channel", delivered.Json.GetProperty("response_type").GetString());
        Assert.Contains("momentum", delivered.Json.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        var pending = second.Services.GetRequiredService<PendingAnswerStore>();
        await NoneLeftAsync(pending);
        Assert.Single(_slack.Calls, c => c.Path == "/response/promised");
    }

    [Fact]
    public async Task AnAnswerDeliveredInTimeLeavesNoPromiseBehind()
    {
        await using var app = Host();
        using var client = app.CreateClient();

        await client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket public", _slack.ResponseUrl("kept")), "application/x-www-form-urlencoded", app.Clock.GetUtcNow()));

        await _slack.WaitForPathAsync("/response/kept");
        var pending = app.Services.GetRequiredService<PendingAnswerStore>();
        await NoneLeftAsync(pending);
    }

    [Fact]
    public async Task ATeamsAnswerPromisedByAHostThatStoppedIsPostedInTheSameThreadByTheNextOne()
    {
        var settings = new Dictionary<string, string?> { ["Answers:LeaseTtl"] = "00:00:03", ["GitHub:ScanLeaseTtl"] = "00:00:03" };
        await using var teams = await TeamsHost.StartAsync(settings);
        static string Title(ConnectorCall call) => call.Card.GetProperty("body")[0].GetProperty("text").GetString()!;
        var hold = teams.GitHub.HoldHistory();

        await teams.PostAsync(teams.ChannelMention("acme/rocket"));
        var working = await teams.Connector.WaitForAsync(c => Title(c) == "Working on it…");
        await hold.Reached;
        await teams.App.DisposeAsync();
        hold.Release();
        await Leases.GoneAsync(teams.App.Prefix);

        // The next replica: the same Teams app, the same Redis, nobody asking again.
        var again = new Dictionary<string, string?>(settings)
        {
            ["Teams:AppId"] = TeamsHost.AppId,
            ["Teams:AppPassword"] = "app-password-not-a-real-secret",
            ["Teams:TenantId"] = TeamsHost.Tenant,
            ["Teams:OpenIdMetadataUrl"] = teams.Login.MetadataUrl.AbsoluteUri,
            ["Teams:TokenEndpoint"] = teams.Connector.TokenUrl(TeamsHost.Tenant).AbsoluteUri,
            ["Scheduling:Enabled"] = "false",
        };
        await using var second = new MomentumApp(teams.GitHub, again, prefix: teams.App.Prefix);
        _ = second.Services;

        var card = await teams.Connector.WaitForAsync(c => Title(c).StartsWith("acme/rocket — momentum", StringComparison.Ordinal));
        Assert.Equal(working.RawPath, card.RawPath);
    }
}
