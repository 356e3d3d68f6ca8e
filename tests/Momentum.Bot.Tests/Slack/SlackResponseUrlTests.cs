using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Slack;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Slack;

/// <summary>
/// A response_url comes in a signed body, but the signature says only that Slack sent the request, not that the URL is
/// Slack's: Momentum posts only to hooks.slack.com and to the configured Slack API's own origin.
/// </summary>
public sealed class SlackResponseUrlTests : IAsyncLifetime
{
    private SampleHost _host = null!;
    private FakeSlack _slack = null!;

    // Another local server that would record anything posted to it: where a hostile response_url points.
    private FakeSlack _trap = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
        _trap = await FakeSlack.StartAsync();
        _host = await SampleHost.StartAsync(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _trap.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private string[] Hostile()
    {
        var port = _trap.BaseUrl.Port;
        var allowed = _slack.BaseUrl;
        return
        [
            $"http://127.0.0.1:{port}/response/other-port",
            $"http://localhost:{allowed.Port}/response/localhost",
            $"http://localhost:{port}/response/localhost",
            $"http://[::1]:{port}/response/ipv6",
            $"http://0x7f000001:{port}/response/hex",
            $"https://{allowed.Host}:{allowed.Port}/response/scheme",
            $"https://hooks.slack.com@127.0.0.1:{port}/response/userinfo",
            $"http://hooks.slack.com@127.0.0.1:{allowed.Port}/response/userinfo-same-host",
            "http://hooks.slack.com.evil.test/response/suffix",
            "https://hooks.slack.com.evil.test/response/suffix",
            "https://hooks.slack.com:8443/response/port",
            "http://hooks.slack.com/response/plain-http",
        ];
    }

    [Fact]
    public async Task NoPostLeavesForAResponseUrlThatIsNotSlacks()
    {
        var api = _host.App.Services.GetRequiredService<SlackApiClient>();

        foreach (var url in Hostile())
        {
            var refused = await Assert.ThrowsAsync<SlackApiException>(() => api.PostToResponseUrlAsync(new Uri(url), new JsonObject { ["text"] = "x" }, CancellationToken.None));
            Assert.Equal("not a Slack response URL", refused.Error);
        }

        Assert.Empty(_trap.Calls);
        Assert.Empty(_slack.Calls);
    }

    [Fact]
    public void SlacksOwnHostAndTheConfiguredApiOriginAreAllowed()
    {
        var api = _host.App.Services.GetRequiredService<SlackApiClient>();

        Assert.True(api.AllowsResponseUrl(new Uri("https://hooks.slack.com/commands/T0001/1234/abcd")));
        Assert.True(api.AllowsResponseUrl(new Uri("https://HOOKS.slack.com:443/actions/T0001/1234/abcd")));
        Assert.True(api.AllowsResponseUrl(_slack.ResponseUrl("ok")));
        Assert.All(Hostile(), url => Assert.False(api.AllowsResponseUrl(new Uri(url)), url));
    }

    [Fact]
    public async Task ACommandWithAForeignResponseUrlIsToldAtOnceThatItCannotBeAnsweredLater()
    {
        var hostile = new Uri($"http://localhost:{_trap.BaseUrl.Port}/response/cold");

        using var response = await _host.Client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket public", hostile), "application/x-www-form-urlencoded", _host.App.Clock.GetUtcNow()));

        var text = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString();
        Assert.StartsWith("Can't answer later", text, StringComparison.Ordinal);
    }
}
