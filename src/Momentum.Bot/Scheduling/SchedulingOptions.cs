using System.ComponentModel.DataAnnotations;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Scheduling;

public sealed class SchedulingOptions
{
    /// <summary>Run the scheduler (scans, digests, delivery) on this replica.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each watchlist is scanned.</summary>
    [PositiveDuration]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Each watchlist's scans are offset by up to this much (stable per watchlist), so they don't all start together.</summary>
    public TimeSpan ScanJitter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the outbox is checked for due messages (new alerts are also delivered right away).</summary>
    [PositiveDuration]
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often this replica re-reads watchlists and subscriptions from Redis to match its schedule.</summary>
    [PositiveDuration]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Delivery attempts before a message is marked undeliverable.</summary>
    [Range(1, 50)]
    public int MaxDeliveryAttempts { get; set; } = 8;

    /// <summary>First delivery retry delay; doubles each attempt.</summary>
    public TimeSpan DeliveryRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a job's lease lasts (renewed while the job runs); a replica that dies leaves its work after this.</summary>
    [PositiveDuration]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many queued scans this replica runs at once (every replica pulls from the one queue in Redis).</summary>
    [Range(1, 32)]
    public int ScanConcurrency { get; set; } = 2;

    /// <summary>How often an idle scan worker looks at the queue for work another replica queued (its own wake it at once).</summary>
    [PositiveDuration]
    public TimeSpan ScanQueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Spikes in this many most recent complete weeks raise alerts (more than one tolerates late scans).</summary>
    [Range(1, 4)]
    public int AlertWeeks { get; set; } = 2;

    /// <summary>A digest missed during downtime is still sent if no older than this.</summary>
    public TimeSpan DigestCatchUp { get; set; } = TimeSpan.FromDays(1);
}
