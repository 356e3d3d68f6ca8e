using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Resilience;

/// <summary>
/// The real host with every door open — Slack (signed requests), Teams (Bot Connector tokens), the playground and
/// the API — on a fake GitHub, Slack, login.botframework.com and Bot Connector, and a watch on every request it sends.
/// </summary>
public sealed class ResilienceHost : IAsyncDisposable
{
    private ResilienceHost(TeamsHost teams, FakeSlack slack, OutboundRequests outbound)
    {
        Teams = teams;
        Slack = slack;
        Outbound = outbound;
    }

    public TeamsHost Teams { get; }

    public FakeSlack Slack { get; }

    public OutboundRequests Outbound { get; }

    public HttpClient Client => Teams.Client;

    public MomentumApp App => Teams.App;

    /// <summary>The hosts the product may talk to: GitHub, Slack, the Bot Framework login and the Bot Connector.</summary>
    public Uri[] Allowed => [Teams.GitHub.BaseUrl, Slack.BaseUrl, Teams.Login.BaseUrl, Teams.Connector.BaseUrl];

    public static async Task<ResilienceHost> StartAsync()
    {
        var outbound = new OutboundRequests();
        var slack = await FakeSlack.StartAsync();
        var teams = await TeamsHost.StartAsync(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        });
        return new ResilienceHost(teams, slack, outbound);
    }

    /// <summary>Raw bytes, signed as Slack signs them (the body need not be valid UTF-8).</summary>
    public HttpRequestMessage SignedSlack(string path, byte[] body, string contentType)
    {
        var timestamp = App.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.ASCII.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SlackRequests.Secret), signed)));
        return request;
    }

    public HttpRequestMessage SignedSlack(string path, string body, string contentType) => SignedSlack(path, Encoding.UTF8.GetBytes(body), contentType);

    /// <summary>An activity body (any bytes) with a valid Bot Connector token.</summary>
    public HttpRequestMessage Activity(byte[] body, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", authorization ?? "Bearer " + Teams.Token());
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await Teams.DisposeAsync();
        await Slack.DisposeAsync();
        Outbound.Dispose();
    }
}
