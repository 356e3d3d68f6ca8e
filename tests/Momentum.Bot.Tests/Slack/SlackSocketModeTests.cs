using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Slack;

/// <summary>Socket Mode through the real host: the bot dials the fake Slack's WebSocket and answers envelopes over it.</summary>
public sealed class SlackSocketModeTests : IAsyncLifetime
{
    private readonly SemaphoreSlim _opened = new(0);
    private FakeGitHub _github = null!;
    private FakeSlack _slack = null!;
    private MomentumApp? _app;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        _github = await FakeGitHub.StartAsync(data);
        _slack = await FakeSlack.StartAsync();
        // Raised once the hello frame is out, so the test's frames never race it on the socket.
        _slack.SocketOpened += _ => _opened.Release();
    }

    public async Task DisposeAsync()
    {
        // The bot goes first: its socket closing lets the fake's WebSocket handler finish.
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _slack.DisposeAsync();
        await _github.DisposeAsync();
        _opened.Dispose();
    }

    private MomentumApp App => _app ?? throw new InvalidOperationException("The bot has not been started.");

    /// <summary>Starts the host in Socket Mode and waits for its first connection to the fake.</summary>
    private async Task StartBotAsync(string? redis = null)
    {
        _app = new MomentumApp(_github, new()
        {
            ["Slack:AppToken"] = "xapp-test",
            ["Slack:BotToken"] = "xoxb-socket-token",
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
        }, redis);
        _client = _app.CreateClient();
        await WaitForConnectionAsync();
    }

    private async Task WaitForConnectionAsync()
    {
        Assert.True(await _opened.WaitAsync(TimeSpan.FromSeconds(30)), "the bot never opened a Socket Mode connection");
    }

    private async Task<JsonElement> AckAsync(string envelopeId)
    {
        bool IsAck(JsonElement frame) => frame.TryGetProperty("envelope_id", out var id) && id.GetString() == envelopeId;
        await Eventually.TrueAsync(() => _slack.SocketFrames.Any(IsAck), $"the ack of envelope {envelopeId}");
        return _slack.SocketFrames.First(IsAck);
    }

    private static string Text(JsonElement element) => JsonText.Of(element);

    private JsonObject SlashEnvelope(string envelopeId, string text) => new()
    {
        ["envelope_id"] = envelopeId,
        ["type"] = "slash_commands",
        ["payload"] = new JsonObject
        {
            ["team_id"] = "T0SOCKET",
            ["channel_id"] = "C2147483705",
            ["user_id"] = "U2147483697",
            ["command"] = "/momentum",
            ["text"] = text,
            ["response_url"] = _slack.ResponseUrl(envelopeId).AbsoluteUri,
        },
        ["accepts_response_payload"] = true,
    };

    [Fact]
    public async Task TheBotOpensTheConnectionWithTheAppTokenAndAnswersASlashCommandInItsAck()
    {
        await StartBotAsync();
        var open = await _slack.WaitForPathAsync("/api/apps.connections.open");
        Assert.Equal("Bearer xapp-test", open.Authorization);

        await _slack.SendFrameAsync(SlashEnvelope("e1", "help"));

        var ack = await AckAsync("e1");
        var payload = ack.GetProperty("payload");
        Assert.Equal("ephemeral", payload.GetProperty("response_type").GetString());
        Assert.True(payload.GetProperty("blocks").GetArrayLength() > 0);
        Assert.Contains("Momentum — community momentum of open-source projects", Text(payload.GetProperty("blocks")), StringComparison.Ordinal);
        Assert.DoesNotContain(_slack.Calls, c => c.Path.StartsWith("/response/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMentionOverTheSocketIsAcknowledgedThenAnsweredInThreadWithTheBotToken()
    {
        await StartBotAsync();
        var mention = JsonNode.Parse("""{"type":"event_callback","team_id":"T0SOCKET","api_app_id":"A1","event":{"type":"app_mention","user":"U061F7AUR","text":"<@U0LAN0Z89> help","ts":"1515449522.000016","channel":"C123","event_ts":"1515449522.000016"},"event_id":"EvSocket1","event_time":1515449522,"authorizations":[{"team_id":"T0SOCKET","user_id":"U0LAN0Z89","is_bot":true}]}""");

        await _slack.SendFrameAsync(new JsonObject { ["envelope_id"] = "e2", ["type"] = "events_api", ["payload"] = mention, ["accepts_response_payload"] = false });

        var ack = await AckAsync("e2");
        Assert.False(ack.TryGetProperty("payload", out _));
        var post = await _slack.WaitForPathAsync("/api/chat.postMessage");
        Assert.Equal("Bearer xoxb-socket-token", post.Authorization);
        Assert.Equal("C123", post.Json.GetProperty("channel").GetString());
        Assert.Equal("1515449522.000016", post.Json.GetProperty("thread_ts").GetString());
        Assert.Contains("Momentum — community momentum of open-source projects", Text(post.Json.GetProperty("blocks")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AButtonPressOverTheSocketIsAcknowledgedThenAnsweredThroughItsResponseUrl()
    {
        await StartBotAsync();
        var press = JsonNode.Parse($$"""{"type":"block_actions","team":{"id":"T0SOCKET"},"user":{"id":"U1","team_id":"T0SOCKET"},"channel":{"id":"C1"},"response_url":"{{_slack.ResponseUrl("button")}}","actions":[{"action_id":"momentum.refresh","block_id":"b","value":"acme/rocket","type":"button","action_ts":"1"}]}""");

        await _slack.SendFrameAsync(new JsonObject { ["envelope_id"] = "e4", ["type"] = "interactive", ["payload"] = press, ["accepts_response_payload"] = false });

        await AckAsync("e4");
        var delivered = await _slack.WaitForPathAsync("/response/button");
        Assert.True(delivered.Json.GetProperty("replace_original").GetBoolean());
        Assert.Contains("acme/rocket", Text(delivered.Json.GetProperty("blocks")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADisconnectRequestMakesTheBotReconnectAtOnceOnAFreshUrl()
    {
        await StartBotAsync();

        await _slack.SendFrameAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = "refresh_requested", ["debug_info"] = new JsonObject { ["host"] = "fake" } });

        // No clock is advanced: a clean disconnect must not wait out a backoff.
        await WaitForConnectionAsync();
        Assert.Equal(2, _slack.SocketConnections);
        Assert.Equal(2, _slack.Calls.Count(c => c.Path == "/api/apps.connections.open"));

        // The new connection is the live one.
        await _slack.SendFrameAsync(SlashEnvelope("e3", "help"));
        var ack = await AckAsync("e3");
        Assert.True(ack.GetProperty("payload").GetProperty("blocks").GetArrayLength() > 0);
    }

    [Fact]
    public async Task WithoutASigningSecretTheSlackHttpEndpointsAreNotServed()
    {
        await StartBotAsync();
        var body = SlackRequests.SlashCommand("help", _slack.ResponseUrl("http"));

        var unsigned = await _client!.PostAsync(new Uri("/slack/commands", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var signed = await _client!.SendAsync(SlackRequests.Sign("/slack/commands", body, "application/x-www-form-urlencoded", App.Clock.GetUtcNow()));
        var events = await _client!.SendAsync(SlackRequests.Sign("/slack/events", """{"type":"url_verification","challenge":"c"}""", "application/json", App.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.NotFound, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, signed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);
        Assert.DoesNotContain(_slack.Calls, c => c.Path.StartsWith("/response/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStoreOutageWhileHandlingAnEnvelopeDoesNotTakeTheBotOffline()
    {
        // A Redis nobody listens on: the host starts (it tolerates a store that is down) but every store call fails.
        var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await StartBotAsync($"127.0.0.1:{port},abortConnect=false,connectTimeout=200,asyncTimeout=500,syncTimeout=500");
        var mention = JsonNode.Parse("""{"type":"event_callback","team_id":"T0SOCKET","event":{"type":"app_mention","user":"U061F7AUR","text":"<@U0LAN0Z89> help","ts":"1515449522.000016","channel":"C123"},"event_id":"EvOutage","authorizations":[{"user_id":"U0LAN0Z89"}]}""");

        // Deduplicating the mention needs the store, so handling it fails.
        await _slack.SendFrameAsync(new JsonObject { ["envelope_id"] = "e5", ["type"] = "events_api", ["payload"] = mention });
        await AckAsync("e5");
        // Help needs no store: the same connection still answers it.
        await _slack.SendFrameAsync(SlashEnvelope("e6", "help"));

        var ack = await AckAsync("e6");
        Assert.True(ack.GetProperty("payload").GetProperty("blocks").GetArrayLength() > 0);
        Assert.Equal(1, _slack.SocketConnections);
    }
}
