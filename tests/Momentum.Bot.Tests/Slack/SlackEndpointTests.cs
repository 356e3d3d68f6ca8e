using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Slack;

/// <summary>Signed Slack requests through the real host, with GitHub and Slack faked at the wire.</summary>
public sealed class SlackEndpointTests : IAsyncLifetime
{
    private SampleHost _host = null!;
    private FakeGitHub _github = null!;
    private FakeSlack _slack = null!;
    private MomentumApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _host = await SampleHost.StartAsync(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
        });
        (_github, _app, _client) = (_host.GitHub, _host.App, _host.Client);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private Task<HttpResponseMessage> SlashAsync(string text, string responseId = "r1", string team = "T0001") =>
        _client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand(text, _slack.ResponseUrl(responseId), team), "application/x-www-form-urlencoded", _app.Clock.GetUtcNow()));

    private Task<HttpResponseMessage> EventAsync(string json, int? retry = null)
    {
        var request = SlackRequests.Sign("/slack/events", json, "application/json", _app.Clock.GetUtcNow());
        if (retry is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return _client.SendAsync(request);
    }

    /// <summary>Every string in a JSON document, joined: what a reader of the message would see.</summary>
    private static string Text(JsonElement element) => JsonText.Of(element);

    private static async Task<string> TextAsync(HttpResponseMessage response) => Text(await response.Content.ReadFromJsonAsync<JsonElement>());

    private static string Mention(string eventId, string text, string ts = "1515449522.000016", string user = "U061F7AUR", string? extra = null) =>
        $$"""{"type":"event_callback","token":"XXYYZZ","team_id":"T0001","api_app_id":"A1","event":{"type":"app_mention","user":"{{user}}","text":"{{text}}","ts":"{{ts}}","channel":"C123","event_ts":"{{ts}}"{{extra}}},"event_id":"{{eventId}}","event_time":1515449522,"authorizations":[{"team_id":"T0001","user_id":"U0LAN0Z89","is_bot":true}]}""";

    [Fact]
    public async Task ASlashCommandWithStoredDataIsAnsweredDirectly()
    {
        await _client.GetAsync("/api/v1/projects/acme/rocket/momentum");

        var response = await SlashAsync("acme/rocket");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ephemeral", body.GetProperty("response_type").GetString());
        Assert.StartsWith("acme/rocket — momentum", body.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("active contributors", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        // The answer went back in the HTTP response; the only calls to Slack uploaded the card's chart.
        Assert.All(_slack.Calls, c => Assert.True(c.Path.StartsWith("/api/files.", StringComparison.Ordinal) || c.Path.StartsWith("/upload/", StringComparison.Ordinal), c.Path));
    }

    [Fact]
    public async Task ACommandThatNeedsGitHubIsAcknowledgedThenDeliveredThroughTheResponseUrl()
    {
        var response = await SlashAsync("acme/rocket public", "cold");

        var ack = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Working on it…", ack.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString());
        var delivered = await _slack.WaitForPathAsync("/response/cold");
        Assert.Equal("in_channel", delivered.Json.GetProperty("response_type").GetString());
        Assert.False(delivered.Json.GetProperty("replace_original").GetBoolean());
        Assert.Contains("momentum", delivered.Json.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownProjectGetsADidYouMeanNotSilence()
    {
        Assert.Contains("Did you mean 'cilium'", await TextAsync(await SlashAsync("cillium")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SslCheckGetsAnEmptyOk()
    {
        var response = await _client.SendAsync(SlackRequests.Sign("/slack/commands", "ssl_check=1&token=x", "application/x-www-form-urlencoded", _app.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("wrong-secret", 0)]
    [InlineData(SlackRequests.Secret, -301)]
    [InlineData(SlackRequests.Secret, 301)]
    public async Task BadlySignedOrStaleRequestsAreRefused(string secret, int offsetSeconds)
    {
        var request = SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("help", _slack.ResponseUrl("x")), "application/x-www-form-urlencoded", _app.Clock.GetUtcNow().AddSeconds(offsetSeconds), secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task UnsignedRequestsAreRefused()
    {
        foreach (var path in new[] { "/slack/commands", "/slack/events", "/slack/interactivity" })
        {
            var response = await _client.PostAsync(path, new StringContent("text=help", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task ABodyOver64KilobytesIs413()
    {
        var body = SlackRequests.SlashCommand(new string('a', 70_000), _slack.ResponseUrl("x"));
        var response = await _client.SendAsync(SlackRequests.Sign("/slack/commands", body, "application/x-www-form-urlencoded", _app.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task UrlVerificationEchoesTheChallenge()
    {
        var response = await EventAsync("""{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("challenge").GetString());
    }

    [Fact]
    public async Task AMentionIsAnsweredInThreadOnceWhateverTheRetriesAndDuplicates()
    {
        await EventAsync(Mention("Ev1", "<@U0LAN0Z89> help"));
        await EventAsync(Mention("Ev1", "<@U0LAN0Z89> help"), retry: 1);
        await EventAsync(Mention("Ev1", "<@U0LAN0Z89> help"), retry: 2);
        // Slack sometimes sends one message as several events with different ids.
        await EventAsync(Mention("Ev2-same-message", "<@U0LAN0Z89> help"));
        // A message in the same channel afterwards is a new question.
        await EventAsync(Mention("Ev3", "<@U0LAN0Z89> aliases", ts: "1515449600.000001"));

        // Posts to one channel are paced a second apart: move the clock once the second one is held back.
        await _slack.WaitForPathAsync("/api/chat.postMessage");
        await Eventually.TrueAsync(() => _app.Metrics.Total("momentum.chat.paced") == 1, "the second post to wait for its turn");
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var first = await _slack.WaitForAsync(c => c.Path == "/api/chat.postMessage" && c.Json.GetProperty("thread_ts").GetString() == "1515449522.000016");
        await _slack.WaitForAsync(c => c.Path == "/api/chat.postMessage" && c.Json.GetProperty("thread_ts").GetString() == "1515449600.000001");
        Assert.Equal("Bearer xoxb-test-token", first.Authorization);
        Assert.Equal("C123", first.Json.GetProperty("channel").GetString());
        Assert.Contains("/momentum", first.Json.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, _slack.Calls.Count(c => c.Path == "/api/chat.postMessage"));
    }

    [Fact]
    public async Task BotMessagesSubtypesAndTheBotsOwnMessagesAreIgnored()
    {
        await EventAsync(Mention("EvB1", "<@U0LAN0Z89> help", extra: ""","bot_id":"B1" """.Trim()));
        await EventAsync(Mention("EvB2", "<@U0LAN0Z89> help", ts: "2.0", extra: ""","subtype":"message_changed" """.Trim()));
        await EventAsync(Mention("EvB3", "help", ts: "3.0", user: "U0LAN0Z89"));
        await EventAsync(Mention("EvB4", "<@U0LAN0Z89> help", ts: "4.0"));

        await _slack.WaitForAsync(c => c.Path == "/api/chat.postMessage");
        Assert.Equal(["4.0"], _slack.Calls.Where(c => c.Path == "/api/chat.postMessage").Select(c => c.Json.GetProperty("thread_ts").GetString()));
    }

    [Fact]
    public async Task ADirectMessageRunsTheSameGrammar()
    {
        await EventAsync("""{"type":"event_callback","team_id":"T0001","event":{"type":"message","text":"vendor cilium","user":"U043H11ES4V","ts":"1664408649.009629","channel":"D0442US94JD","event_ts":"1664408649.009629","channel_type":"im"},"event_id":"EvDM","authorizations":[{"user_id":"U0LAN0Z89"}]}""");
        var reply = await _slack.WaitForPathAsync("/api/chat.postMessage");
        Assert.Equal("D0442US94JD", reply.Json.GetProperty("channel").GetString());
        Assert.Contains("Isovalent", Text(reply.Json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRefreshButtonReplacesTheCardThroughTheResponseUrl()
    {
        var payload = $$"""{"type":"block_actions","team":{"id":"T0001"},"user":{"id":"U1","team_id":"T0001"},"channel":{"id":"C1"},"response_url":"{{_slack.ResponseUrl("button")}}","actions":[{"action_id":"momentum.refresh","block_id":"b","value":"acme/rocket","type":"button","action_ts":"1"}]}""";
        var response = await _client.SendAsync(SlackRequests.Sign("/slack/interactivity", SlackRequests.Form(("payload", payload)), "application/x-www-form-urlencoded", _app.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivered = await _slack.WaitForPathAsync("/response/button");
        Assert.True(delivered.Json.GetProperty("replace_original").GetBoolean());
        Assert.Contains(_github.Requests, r => r.PathAndQuery == "/repos/acme/rocket");
    }

    [Fact]
    public async Task PostToChannelSendsAPublicCopy()
    {
        await _client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        var payload = $$"""{"type":"block_actions","team":{"id":"T0001"},"user":{"id":"U1"},"channel":{"id":"C1"},"response_url":"{{_slack.ResponseUrl("post")}}","actions":[{"action_id":"momentum.post","value":"acme/rocket","type":"button"}]}""";
        await _client.SendAsync(SlackRequests.Sign("/slack/interactivity", SlackRequests.Form(("payload", payload)), "application/x-www-form-urlencoded", _app.Clock.GetUtcNow()));
        var delivered = await _slack.WaitForPathAsync("/response/post");
        Assert.Equal("in_channel", delivered.Json.GetProperty("response_type").GetString());
        Assert.False(delivered.Json.GetProperty("replace_original").GetBoolean());
    }

    [Fact]
    public async Task WorkspacesDoNotSeeEachOthersVendorChanges()
    {
        Assert.Contains("Globex added", await TextAsync(await SlashAsync("vendor acme/rocket add Globex globex.com", team: "TA")), StringComparison.Ordinal);

        var mine = await TextAsync(await SlashAsync("vendor acme/rocket", team: "TA"));
        var theirs = await TextAsync(await SlashAsync("vendor acme/rocket", team: "TB"));
        Assert.Contains("Globex", mine, StringComparison.Ordinal);
        Assert.Contains("U2147483697 added Globex", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("Globex", theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonOverridesStayInTheirWorkspaceAndAreAudited()
    {
        await _client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        Assert.Contains("eve → Wayne Enterprises", await TextAsync(await SlashAsync("person eve org Wayne Enterprises", team: "TA")), StringComparison.Ordinal);

        var mine = await TextAsync(await SlashAsync("acme/rocket", team: "TA"));
        var theirs = await TextAsync(await SlashAsync("acme/rocket", team: "TB"));
        Assert.Contains("Wayne Enterprises (1)", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("Wayne Enterprises", theirs, StringComparison.Ordinal);
        Assert.Contains("U2147483697 set Wayne Enterprises", await TextAsync(await SlashAsync("person eve", team: "TA")), StringComparison.Ordinal);
        Assert.DoesNotContain("Wayne Enterprises", await TextAsync(await SlashAsync("person eve", team: "TB")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoAnswersInSlackWithEachContributorsSource()
    {
        await _client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        var text = await TextAsync(await SlashAsync("who acme/rocket", team: "TA"));
        Assert.Contains("Initech (unverified) — cy (profile)", text, StringComparison.Ordinal);
        Assert.Contains("Unknown (1), most active first", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AliasesAreScopedToTheirWorkspace()
    {
        await SlashAsync("alias rocket acme/rocket", team: "TA");
        await _client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        var mine = await TextAsync(await SlashAsync("rocket", team: "TA"));
        var theirs = await TextAsync(await SlashAsync("rocket", team: "TB"));
        Assert.Contains("rocket — momentum", mine, StringComparison.Ordinal);
        Assert.Contains("I don't know 'rocket'", theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWebApiClientRetriesAfterRateLimitsAndReportsOkFalse()
    {
        _slack.Script("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: 0);
        _slack.Script("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");
        var api = (Momentum.Bot.Slack.SlackApiClient)_app.Services.GetService(typeof(Momentum.Bot.Slack.SlackApiClient))!;

        var error = await Assert.ThrowsAsync<Momentum.Bot.Slack.SlackApiException>(() =>
            api.PostMessageAsync("xoxb-test-token", "C9", new System.Text.Json.Nodes.JsonObject { ["text"] = "hi" }, null, CancellationToken.None));

        Assert.Equal("channel_not_found", error.Error);
        Assert.Equal(2, _slack.Calls.Count(c => c.Path == "/api/chat.postMessage"));
    }
}
