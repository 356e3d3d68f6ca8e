using System.Collections.Concurrent;
using System.Diagnostics;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;

namespace Momentum.Bot.Tests.Observability;

/// <summary>One trace per command: the inbound Slack request, the command, its scan, Redis, GitHub (across the wire) and the reply.</summary>
public sealed class TraceTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task ACommandsSpansFromRequestToReplyShareOneTraceId()
    {
        var trace = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) => options.Parent.TraceId == trace ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == trace)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var app = _hosts.Host(extra: new() { ["Telemetry:Traces"] = "true" });
        using var client = app.CreateClient();

        var responseUrl = _hosts.Slack.ResponseUrl("traced");
        using var command = SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand(SpikingRepository.Spiking, responseUrl), "application/x-www-form-urlencoded", MomentumApp.Now);
        command.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        (await client.SendAsync(command)).EnsureSuccessStatusCode();
        await _hosts.Slack.WaitForPathAsync(responseUrl.AbsolutePath);
        await Eventually.TrueAsync(() => spans.Any(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore" && s.GetTagItem("url.path") is string path && path == responseUrl.AbsolutePath), "the reply reached Slack within the trace");

        Assert.Contains(spans, s => s.Source.Name == "Momentum" && s.DisplayName == "command momentum");
        Assert.Contains(spans, s => s.Source.Name == "Momentum" && s.DisplayName == "scan");
        // Redis spans come from the instrumentation's profiling sessions, drained every 10 s or so, not when a command ends.
        await Eventually.TrueAsync(() => spans.Any(s => s.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal)), "Redis spans within the trace");
        // GitHub received the trace over the wire: its own server span (the fake runs in this process) carries the trace id.
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http" && (s.GetTagItem("url.full") as string ?? "").StartsWith(_hosts.GitHub.BaseUrl.ToString(), StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string ?? "").StartsWith("/repos/", StringComparison.Ordinal));
    }
}
