using System.Diagnostics.Metrics;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Scheduling;

/// <summary>What scheduled work did on this replica: watchlist scan runs, weekly summaries and alerts, by outcome.</summary>
public sealed class SchedulingMetrics
{
    private readonly Counter<long> _watchlistRuns;
    private readonly Counter<long> _digests;
    private readonly Counter<long> _alerts;
    private readonly Counter<long> _scansQueued;
    private long _scanQueueDepth;

    public SchedulingMetrics(IMeterFactory meters)
    {
        var meter = meters.CreateMomentumMeter();
        _watchlistRuns = meter.CreateCounter<long>("momentum.watchlist.runs", description: "Watchlist scan cycles this replica ran or left to another, by result (scanned, skipped, failed)");
        _digests = meter.CreateCounter<long>("momentum.digests", description: "Weekly summary runs by result (queued, repeated, skipped, failed)");
        _alerts = meter.CreateCounter<long>("momentum.alerts", description: "Alerts and summaries through the outbox by stage (detected, queued, posted, retried, undeliverable)");
        _scansQueued = meter.CreateCounter<long>("momentum.scan_queue.enqueued", description: "Watchlist scan slots this replica offered the shared queue, by result (queued, repeated: the slot was queued before)");
        meter.CreateObservableGauge("momentum.scan_queue.depth", () => Interlocked.Read(ref _scanQueueDepth), description: "Scans waiting in the shared queue, as this replica last saw it");
    }

    public void WatchlistRun(string result) => _watchlistRuns.Add(1, Telemetry.Tag("result", result));

    public void ScanQueued(bool queued) => _scansQueued.Add(1, Telemetry.Tag("result", queued ? "queued" : "repeated"));

    public void ScanQueueDepth(long waiting) => Interlocked.Exchange(ref _scanQueueDepth, waiting);

    public void Digest(string result) => _digests.Add(1, Telemetry.Tag("result", result));

    public void Alert(string stage, string kind, int count = 1)
    {
        if (count > 0)
        {
            _alerts.Add(count, Telemetry.Tag("stage", stage), Telemetry.Tag("kind", kind));
        }
    }
}
