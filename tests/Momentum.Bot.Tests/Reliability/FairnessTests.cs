using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Reliability;

/// <summary>One busy Slack channel (replies paced a second apart) against another workspace's reply, on a clock that only the test moves.</summary>
public sealed class FairnessTests : IAsyncLifetime
{
    private FakeSlack _slack = null!;
    private FakeGitHub _github = null!;
    private MomentumApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        _github = await FakeGitHub.StartAsync(data);
        _app = new MomentumApp(_github, new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            // Small numbers so the test can fill them: room for 20 pieces of work, 10 of them for one workspace.
            ["Work:Capacity"] = "20",
            ["Work:PerWorkspace"] = "10",
        });
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _github.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private Task<HttpResponseMessage> MentionAsync(string team, string channel, int n) =>
        _client.SendAsync(SlackRequests.Sign(
            "/slack/events",
            $$"""{"type":"event_callback","team_id":"{{team}}","api_app_id":"A1","event":{"type":"app_mention","user":"U1","text":"<@UBOT> help","ts":"1515449522.{{n:000000}}","channel":"{{channel}}","event_ts":"1515449522.{{n:000000}}"},"event_id":"Ev{{team}}{{n}}","event_time":1515449522,"authorizations":[{"team_id":"{{team}}","user_id":"UBOT","is_bot":true}]}""",
            "application/json",
            _app.Clock.GetUtcNow()));

    private int PostsTo(string channel) => _slack.History.Count(h => h.Channel == channel);

    [Fact]
    public async Task ThirtyRepliesWaitingForOneBusyChannelDoNotDelayOrCrowdOutAnotherWorkspacesReply()
    {
        for (var i = 1; i <= 30; i++)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await MentionAsync("T0001", "CBUSY", i)).StatusCode);
        }

        // The busy channel got its first reply; the rest wait for their pacing slots, which only a moving clock opens.
        await Eventually.TrueAsync(() => PostsTo("CBUSY") == 1 && _app.Metrics.Total("momentum.chat.paced") > 0, "the busy channel's first reply");

        await MentionAsync("T0002", "CQUIET", 1);

        // The other workspace is answered at once: before the busy channel's second reply, with the clock standing still.
        await Eventually.TrueAsync(() => PostsTo("CQUIET") == 1, () => $"the other workspace's reply (busy channel: {PostsTo("CBUSY")} posted)");
        Assert.Equal(1, PostsTo("CBUSY"));
        Assert.Equal("CQUIET", _slack.History[1].Channel);

        // The busy channel drains a reply a second; what did not fit its workspace's share was refused, not queued without bound.
        await Eventually.TrueAsync(
            () =>
            {
                if (_app.Metrics.Total("momentum.chat.paced") > 0)
                {
                    _app.Clock.Advance(TimeSpan.FromSeconds(1));
                }

                return _app.Metrics.Total("momentum.chat.paced") == 0 && PostsTo("CBUSY") >= 10;
            },
            () => $"the busy channel to drain ({PostsTo("CBUSY")} posted)");
        Assert.InRange(PostsTo("CBUSY"), 10, 12);
    }
}
