using System.Diagnostics.Metrics;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Scheduling;

/// <summary>
/// The outbox's depth and the age of the message next due, read from Redis when metrics are collected (at most once
/// per <see cref="MaxAge"/>, so several exporters or a fast scrape cost one read). A hosted service only so the gauges
/// exist from start-up.
/// </summary>
public sealed class OutboxGauges : IHostedService
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly OutboxStore _outbox;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (long Pending, DateTimeOffset? NextDueCreated)? _last;
    private long _readAt;

    public OutboxGauges(IMeterFactory meters, OutboxStore outbox, TimeProvider time)
    {
        _outbox = outbox;
        _time = time;
        var meter = meters.CreateMomentumMeter();
        meter.CreateObservableGauge("momentum.outbox.pending", () => Read() is { } r ? [new Measurement<long>(r.Pending)] : Array.Empty<Measurement<long>>(),
            description: "Alerts and summaries waiting in the outbox (due now or retrying later)");
        meter.CreateObservableGauge("momentum.outbox.oldest_pending", () => Read() is { } r ? [new Measurement<double>(Age(r.NextDueCreated))] : Array.Empty<Measurement<double>>(),
            unit: "s", description: "How long ago the outbox message next due was created (0 when the outbox is empty)");
    }

    private double Age(DateTimeOffset? created) =>
        created is { } c ? Math.Max(0, (_time.GetUtcNow() - c).TotalSeconds) : 0;

    private (long Pending, DateTimeOffset? NextDueCreated)? Read()
    {
        lock (_gate)
        {
            if (_last is null || _time.GetElapsedTime(_readAt) >= MaxAge)
            {
                try
                {
                    _last = _outbox.PendingNow();
                }
                catch (RedisException)
                {
                    // The store is down: no value beats a stale one (readyz says why).
                    _last = null;
                }

                _readAt = _time.GetTimestamp();
            }

            return _last;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
