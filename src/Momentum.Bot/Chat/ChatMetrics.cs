using System.Diagnostics.Metrics;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Chat;

/// <summary>Calls to the chat platforms' APIs by method and result, and posts held back by the platforms' pacing rules.</summary>
public sealed class ChatMetrics
{
    private readonly Counter<long> _calls;
    private readonly UpDownCounter<long> _paced;

    public ChatMetrics(IMeterFactory meters)
    {
        var meter = meters.CreateMomentumMeter();
        _calls = meter.CreateCounter<long>("momentum.chat.api_calls", description: "Slack Web API and Bot Connector calls by platform, method and result");
        _paced = meter.CreateUpDownCounter<long>("momentum.chat.paced", description: "Posts now waiting for their turn under a platform's per-channel limits");
    }

    public void Call(Platform platform, string method, string result) =>
        _calls.Add(1, Telemetry.Tag("platform", platform.Name()), Telemetry.Tag("method", method), Telemetry.Tag("result", result));

    /// <summary>Counts a post as held until the returned handle is disposed.</summary>
    public IDisposable Paced(Platform platform)
    {
        var tag = Telemetry.Tag("platform", platform.Name());
        _paced.Add(1, tag);
        return new Release(_paced, tag);
    }

    private sealed class Release(UpDownCounter<long> counter, KeyValuePair<string, object?> tag) : IDisposable
    {
        public void Dispose() => counter.Add(-1, tag);
    }
}
