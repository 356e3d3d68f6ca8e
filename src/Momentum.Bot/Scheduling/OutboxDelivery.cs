using System.Text.Json;
using Microsoft.Extensions.Options;
using Momentum.Bot.Chat;
using Momentum.Bot.Store;

namespace Momentum.Bot.Scheduling;

/// <summary>
/// Delivers outbox messages exactly once per channel. Each message is delivered under its own Redis lease; an
/// attempt is recorded before anything is posted, so if a replica dies mid-way its successor first asks the
/// platform whether the message (carrying the outbox id) already arrived, and only posts when it did not.
/// Failures retry with exponential backoff; permanent failures and exhausted retries are marked undeliverable.
/// The first attempt looks too (back <see cref="FirstCheckWindow"/>): the message ids are made of what the message is,
/// so an alert already in the channel is found by its metadata even when Redis lost the record that it was sent.
/// An update (an alert episode's later week) changes the message its first alert became, where the platform said it
/// is; when that message was deleted it is posted as a new one instead.
/// </summary>
public sealed partial class OutboxDelivery(
    OutboxStore outbox,
    RedisLeases leases,
    RedisKeys keys,
    IEnumerable<IChatPoster> posters,
    SchedulingMetrics metrics,
    TimeProvider time,
    IOptions<SchedulingOptions> options,
    ILogger<OutboxDelivery> logger)
{
    /// <summary>How far back a first attempt looks for the same message (alerts cover the last few complete weeks).</summary>
    public static readonly TimeSpan FirstCheckWindow = TimeSpan.FromDays(35);

    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var id in await outbox.DueAsync(time.GetUtcNow()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await DeliverAsync(id, cancellationToken))
            {
                delivered++;
            }
        }

        return delivered;
    }

    /// <summary>Delivers one message if it is due and no one else holds it; true when it is now sent.</summary>
    public async Task<bool> DeliverAsync(string id, CancellationToken cancellationToken)
    {
        await using var lease = await leases.TryAcquireAsync(keys.Lease("outbox:" + id), options.Value.LeaseTtl);
        if (lease is null)
        {
            return false;
        }

        using var span = Momentum.Bot.Hosting.Telemetry.Source.StartActivity("outbox deliver");
        // A post can take a while (pacing, Retry-After): no other replica may take the message over meanwhile.
        lease.KeepAlive(time);
        var item = await outbox.GetAsync(id);
        if (item is not { Status: OutboxStatus.Pending })
        {
            return false;
        }

        var now = time.GetUtcNow();
        var poster = posters.FirstOrDefault(p => p.Platform == item.Target.Platform);
        if (poster is null)
        {
            await outbox.MarkUndeliverableAsync(id, now, $"no poster for platform {item.Target.Platform.Name()}");
            metrics.Alert("undeliverable", item.Kind);
            return false;
        }

        var since = item.AttemptStarted is { } started ? started - TimeSpan.FromMinutes(1) : item.CreatedAt - FirstCheckWindow;
        if (await FindPostedAsync(poster, item, since, cancellationToken) is { } found)
        {
            // A previous attempt got through and its replica died before recording it, or Redis forgot it was sent.
            await RecordFoundAsync(item, found, now);
            Reconciled(logger, id, item.Target.Channel);
            return true;
        }

        await outbox.StartAttemptAsync(id, now);
        var reply = JsonSerializer.Deserialize(item.Payload, ReplyJsonContext.Default.Reply)!;
        var result = item.Updates is { } original
            ? await UpdateAsync(poster, item, original, reply, cancellationToken)
            : await poster.PostAsync(item.Target, reply, id, cancellationToken);

        switch (result.Outcome)
        {
            case PostOutcome.Delivered:
                await outbox.MarkSentAsync(id, time.GetUtcNow(), result.MessageId, result.Conversation);
                metrics.Alert(item.Updates is null ? "posted" : "updated", item.Kind);
                Delivered(logger, item.Kind, item.Target.Platform.Name(), item.Target.Channel);
                return true;
            case PostOutcome.Permanent:
                await outbox.MarkUndeliverableAsync(id, time.GetUtcNow(), result.Error ?? "refused");
                metrics.Alert("undeliverable", item.Kind);
                Undeliverable(logger, id, item.Target.Channel, result.Error);
                return false;
            default:
                var attempts = item.Attempts + 1;
                if (attempts >= options.Value.MaxDeliveryAttempts)
                {
                    await outbox.MarkUndeliverableAsync(id, time.GetUtcNow(), $"gave up after {attempts} attempts: {result.Error}");
                    metrics.Alert("undeliverable", item.Kind);
                    Undeliverable(logger, id, item.Target.Channel, result.Error);
                    return false;
                }

                var backoff = options.Value.DeliveryRetryDelay * Math.Pow(2, attempts - 1);
                var wait = result.RetryAfter is { } retryAfter && retryAfter > backoff ? retryAfter : backoff;
                await outbox.RetryLaterAsync(id, time.GetUtcNow() + wait, result.Error ?? "failed", outcomeKnown: result.Outcome != PostOutcome.Unknown);
                metrics.Alert("retried", item.Kind);
                return false;
        }
    }

    /// <summary>
    /// Changes the episode's first alert to this one. When that message is gone (deleted) or was never known, this
    /// one is posted as a new alert — once: under its own id, lease and attempt record like any post — and the first
    /// alert's record then points at the new message, so the next week updates that one.
    /// </summary>
    private async Task<PostResult> UpdateAsync(IChatPoster poster, OutboxItem item, string originalId, Reply reply, CancellationToken cancellationToken)
    {
        if ((await outbox.GetAsync(originalId))?.Posted is { } posted)
        {
            var updated = await poster.UpdateAsync(item.Target, posted, reply, cancellationToken);
            if (updated.Outcome == PostOutcome.Delivered)
            {
                await outbox.MovedAsync(originalId, posted, item.Week);
            }

            if (updated.Outcome != PostOutcome.MessageGone)
            {
                return updated;
            }

            MessageGone(logger, originalId, item.Target.Channel, updated.Error);
        }

        var result = await poster.PostAsync(item.Target, reply, item.Id, cancellationToken);
        if (result is { Outcome: PostOutcome.Delivered, MessageId: { } messageId })
        {
            await outbox.MovedAsync(originalId, new PostedMessage(result.Conversation ?? item.Target.Channel, messageId), item.Week);
        }

        return result;
    }

    /// <summary>
    /// Records where the message found in the channel is, so a later week of its episode can update it. What it shows
    /// is known when this item's own attempt posted it, or when it is a repost (its id names one week). An episode's
    /// first alert found on a first attempt was posted before Redis lost its record, and may show an earlier week
    /// than this item: its week is left unknown, so the scan that follows updates it to the newest week (once).
    /// </summary>
    private async Task RecordFoundAsync(OutboxItem item, PostedMessage found, DateTimeOffset now)
    {
        await outbox.MarkSentAsync(item.Id, now, found.MessageId, found.Conversation);
        if (item.Updates is { } original)
        {
            await outbox.MovedAsync(original, found, item.Week);
        }
        else if (item is { AttemptStarted: null, Week: not null })
        {
            await outbox.MovedAsync(item.Id, found, week: null);
        }
    }

    private async Task<PostedMessage?> FindPostedAsync(IChatPoster poster, OutboxItem item, DateTimeOffset since, CancellationToken cancellationToken)
    {
        try
        {
            return await poster.FindPostedAsync(item.Target, item.Id, since, cancellationToken);
        }
#pragma warning disable CA1031 // Not knowing means posting again: a possible duplicate beats a lost alert.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            ReconcileFailed(logger, item.Id, ex.Message);
            return null;
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Delivered a {Kind} to {Platform} channel {Channel}")]
    private static partial void Delivered(ILogger logger, string kind, string platform, string channel);

    [LoggerMessage(2, LogLevel.Warning, "Message {Id} to {Channel} is undeliverable: {Error}")]
    private static partial void Undeliverable(ILogger logger, string id, string channel, string? error);

    [LoggerMessage(3, LogLevel.Information, "Message {Id} was already in {Channel}: an earlier attempt got through")]
    private static partial void Reconciled(ILogger logger, string id, string channel);

    [LoggerMessage(4, LogLevel.Warning, "Could not check whether message {Id} was already posted: {Error}; posting")]
    private static partial void ReconcileFailed(ILogger logger, string id, string error);

    [LoggerMessage(5, LogLevel.Information, "Message {Id} in {Channel} can no longer be updated ({Error}): posting the update as a new message")]
    private static partial void MessageGone(ILogger logger, string id, string channel, string? error);
}
