using System.Globalization;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;

namespace Momentum.Bot.Tests.Observability;

/// <summary>A scripted run (a Slack command that scans, subscriptions, a spike delivered, retried and refused) and then a scrape of <c>/metrics</c>.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task AfterAScriptedRunEveryMomentumSeriesIsScrapedWithAValue()
    {
        var app = _hosts.Host(extra: new() { ["Scheduling:DeliveryRetryDelay"] = "01:00:00" });
        using var client = app.CreateClient();

        // A first-time command: acknowledged, scanned, answered through its response_url.
        var responseUrl = _hosts.Slack.ResponseUrl("metrics-run");
        using var command = SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand(SpikingRepository.Spiking, responseUrl), "application/x-www-form-urlencoded", MomentumApp.Now);
        (await client.SendAsync(command)).EnsureSuccessStatusCode();
        await _hosts.Slack.WaitForPathAsync(responseUrl.AbsolutePath);

        // Three channels subscribed: one alert is posted, one is refused for good, one waits for a retry.
        await app.SubscribeAsync(SpikingRepository.Spiking);
        foreach (var channel in new[] { "C2", "C3" })
        {
            await app.RunAsync("subscribe infra alerts", HostExtensions.Channel with { Channel = channel });
        }

        _hosts.Slack.Script("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");
        _hosts.Slack.Script("chat.postMessage", 500, "");
        var summary = await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "metrics", CancellationToken.None);
        Assert.Equal(3, summary.AlertsQueued);
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        AssertSeries(text, "momentum_commands_total", "platform=\"slack\"", "command=\"momentum\"", "outcome=\"ok\"");
        AssertSeries(text, "momentum_commands_total", "command=\"subscribe\"", "outcome=\"ok\"");
        AssertSeries(text, "momentum_command_duration_seconds_count", "command=\"momentum\"", "cached=\"false\"");
        AssertSeries(text, "momentum_command_duration_seconds_bucket", "command=\"momentum\"", "le=\"+Inf\"");
        // A first scan reads its commit history by GraphQL (GitHub__GraphQL=auto), the rest by REST.
        AssertSeries(text, "momentum_github_requests_total", "kind=\"graphql\"", "result=\"counted\"");
        AssertSeries(text, "momentum_github_requests_total", "kind=\"pulls\"", "result=\"counted\"");
        AssertSeries(text, "momentum_github_requests_total", "kind=\"repository\"");
        AssertSeries(text, "momentum_github_rate_limit_remaining", "token=\"token-1\"");
        AssertSeries(text, "momentum_scans_total", "outcome=\"started\"");
        AssertSeries(text, "momentum_scans_total", "outcome=\"finished\"");
        AssertSeries(text, "momentum_scan_duration_seconds_count", "outcome=\"finished\"");
        foreach (var stage in new[] { "detected", "queued", "posted", "retried", "undeliverable" })
        {
            AssertSeries(text, "momentum_alerts_total", $"stage=\"{stage}\"");
        }

        AssertSeries(text, "momentum_outbox_pending");
        AssertSeries(text, "momentum_outbox_oldest_pending_seconds");
        AssertSeries(text, "momentum_chat_api_calls_total", "platform=\"slack\"", "method=\"chat.postMessage\"");
        // The built-in instrumentation is there too.
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
        // Nothing of the workspace's or its people's makes it into a label.
        Assert.DoesNotContain("T0001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("acme/booster", text, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-test-token", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAMetricsPortSetMetricsAreNotServedOnTheChatPort()
    {
        var app = _hosts.Host(extra: new() { ["Telemetry:MetricsPort"] = "9464" });
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WithTelemetryOffThereIsNoMetricsEndpoint()
    {
        var app = _hosts.Host(extra: new() { ["Telemetry:Enabled"] = "false" });
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A sample of <paramref name="name"/> with every one of <paramref name="labels"/> and a value above zero.</summary>
    private static void AssertSeries(string text, string name, params string[] labels)
    {
        var samples = text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .ToList();
        Assert.True(samples.Count > 0, $"no {name} in the scrape");
        var matching = samples.Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal))).ToList();
        Assert.True(matching.Count > 0, $"no {name} with {string.Join(", ", labels)}: {string.Join(" | ", samples)}");
        Assert.Contains(matching, line => Value(line) > 0);
    }

    private static double Value(string line)
    {
        var rest = line[(line.LastIndexOf('}') is var end and >= 0 ? end + 1 : line.IndexOf(' ', StringComparison.Ordinal))..].Trim();
        return double.Parse(rest.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
