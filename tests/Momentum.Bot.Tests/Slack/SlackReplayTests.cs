using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Reports;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Slack;

/// <summary>A signed Slack request is good for five minutes; replaying it within them must not run the command again.</summary>
public sealed class SlackReplayTests : IAsyncLifetime
{
    private SampleHost _host = null!;
    private FakeSlack _slack = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlack.StartAsync();
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
        await _slack.DisposeAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(string body, DateTimeOffset at) =>
        await _host.Client.SendAsync(SlackRequests.Sign("/slack/commands", body, "application/x-www-form-urlencoded", at));

    private async Task<int> AuditEntriesAsync() =>
        (await _host.App.Services.GetRequiredService<VendorOverrideStore>().WorkspaceAsync("slack:T0001", "cilium"))?.Changes.Count ?? 0;

    [Fact]
    public async Task TheSameSignedCommandSentThreeTimesRunsOnce()
    {
        var body = SlackRequests.SlashCommand("vendor cilium add Foocorp foocorp.example", _slack.ResponseUrl("r1"));
        var at = _host.App.Clock.GetUtcNow();

        using var first = await SendAsync(body, at);
        using var second = await SendAsync(body, at);
        using var third = await SendAsync(body, at);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("added", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("", await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("", await third.Content.ReadAsStringAsync());
        Assert.Equal(1, await AuditEntriesAsync());
    }

    [Fact]
    public async Task TheSameCommandSignedAgainLaterRunsAgain()
    {
        var body = SlackRequests.SlashCommand("vendor cilium add Foocorp foocorp.example", _slack.ResponseUrl("r1"));

        using var first = await SendAsync(body, _host.App.Clock.GetUtcNow());
        using var again = await SendAsync(body, _host.App.Clock.GetUtcNow().AddSeconds(1));

        Assert.Contains("added", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // It ran (a replay gets an empty 200): Foocorp is a vendor by now, and it says so.
        Assert.Contains("already", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
