using System.Net;
using System.Net.Sockets;
using System.Text;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Hosting;

/// <summary>Validly signed bodies of unexpected shapes and broken HTTP framing, on real Kestrel: a 2xx or 4xx, never a 500.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private KestrelDemoApp _app = null!;
    private Uri _address = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new KestrelDemoApp(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = "http://127.0.0.1:9/api/",
            ["Teams:AppId"] = "00000000-0000-0000-0000-000000000001",
            ["Teams:AppPassword"] = "secret",
            ["Teams:TenantId"] = "00000000-0000-0000-0000-0000000000aa",
            ["Teams:OpenIdMetadataUrl"] = "http://127.0.0.1:9/openid",
            ["Scheduling:Enabled"] = "false",
        });
        _address = _app.Start();
        _client = new HttpClient { BaseAddress = _address };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    public static TheoryData<string> Events => new()
    {
        """{"type":"event_callback","team_id":"T0001","event":{"type":"tokens_revoked","tokens":"x"}}""",
        """{"type":"event_callback","team_id":"T0001","event":{"type":"tokens_revoked","tokens":null}}""",
        """{"type":"event_callback","team_id":"T0001","event":{"type":"tokens_revoked","tokens":1}}""",
        """{"type":"event_callback","team_id":"T0001","event":{"type":"tokens_revoked","tokens":[]}}""",
        """{"type":"event_callback","team_id":"T0001","event":{"type":"tokens_revoked","tokens":{"bot":"x"}}}""",
        """{"type":"event_callback","team_id":"T0001","event":"x"}""",
        """{"type":"event_callback","team_id":1,"event":{"type":"app_mention","user":["U1"],"text":2,"ts":{},"channel":null}}""",
        """{"type":"event_callback","team_id":"T0001","event":{"type":"app_mention","user":"U1","text":"help","ts":"1.2","channel":"C1"},"authorizations":[null]}""",
        """{"type":"event_callback","team_id":"T0001","event":{"type":"app_mention","user":"U1","text":"help","ts":"1.3","channel":"C1"},"authorizations":"x","event_id":5}""",
        """{"type":["url_verification"],"challenge":{"a":1}}""",
        """{"type":"url_verification","challenge":{"a":1}}""",
        "null",
        "1",
        "[]",
        "\"event_callback\"",
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task AnEventOfUnexpectedShapeIsNeverA500(string json)
    {
        var response = await _client.SendAsync(SlackRequests.Sign("/slack/events", json, "application/json", DateTimeOffset.UtcNow));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {json}");
    }

    public static TheoryData<string> Payloads => new()
    {
        """{"type":"block_actions","actions":[null],"response_url":"https://hooks.slack.com/actions/x","team":{"id":"T0001"}}""",
        """{"type":"block_actions","actions":["x"],"response_url":"https://hooks.slack.com/actions/x","team":{"id":"T0001"}}""",
        """{"type":"block_actions","actions":"x","response_url":"https://hooks.slack.com/actions/x","team":"T0001"}""",
        """{"type":"block_actions","actions":[{"action_id":1,"value":[],"selected_option":"x"}],"response_url":5,"user":"x"}""",
        """{"type":"block_actions","actions":[{"action_id":"momentum:compare","selected_option":{"value":null}}],"response_url":"https://hooks.slack.com/actions/x","team":{"id":"T0001"},"user":[],"channel":"C1"}""",
        "null",
        "1",
        "[]",
        "{",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public async Task AnInteractionOfUnexpectedShapeIsNeverA500(string payload)
    {
        var body = SlackRequests.Form(("payload", payload));
        var response = await _client.SendAsync(SlackRequests.Sign("/slack/interactivity", body, "application/x-www-form-urlencoded", DateTimeOffset.UtcNow));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {payload}");
    }

    [Theory]
    [InlineData("/slack/events")]
    [InlineData("/slack/commands")]
    [InlineData("/api/messages")]
    public async Task ABrokenChunkSizeIs400(string path)
    {
        var status = await RawAsync($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n");

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("/slack/events")]
    [InlineData("/api/messages")]
    public async Task ABodyShorterThanItsContentLengthIs400Or408(string path)
    {
        // Kestrel ends the wait once the body falls below its minimum data rate (after its grace period).
        var status = await RawAsync($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"type\":");

        Assert.True(status is 400 or 408, $"got {status}");
    }

    /// <summary>Sends raw bytes, keeps the connection open, and answers the response's status code (0 when the server just closed it).</summary>
    private async Task<int> RawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, _address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return statusLine is { Length: > 12 } line && int.TryParse(line.AsSpan(9, 3), out var status) ? status : 0;
    }
}
