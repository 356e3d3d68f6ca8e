using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Momentum.Bot.Chat;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;

namespace Momentum.Bot.Commands;

/// <summary>A platform's way of delivering an answer after an acknowledgement, from what was stored with the promise.</summary>
public interface IDeferredAnswers
{
    Platform Platform { get; }

    /// <summary>How long after the promise the platform still takes the answer (Slack's response URLs: 30 minutes).</summary>
    TimeSpan ValidFor { get; }

    /// <summary>Delivers <paramref name="reply"/> to <paramref name="destination"/> (what the adapter gave as <see cref="Resumable.Destination"/>).</summary>
    Task DeliverAsync(string destination, Reply reply, CancellationToken cancellationToken);
}

/// <summary>What a replica needs to keep a promise another made: the command (its text, or a card action) and where to answer.</summary>
public sealed record Resumable(string Destination, string? Text, string? Action = null, string? Value = null)
{
    public Command? Command() => Text is not null ? CommandParser.Parse(Text)
        : Action is not null ? CardActions.ToCommand(Action, Value ?? "")?.Command
        : null;
}

public sealed class PendingAnswerOptions
{
    /// <summary>How long a replica's hold on an answer it promised lasts without renewal (renewed every third of it).</summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often every replica looks for promised answers whose replica died (also once at start-up).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ResumeInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Makes "Working on it…" a durable promise. Before the acknowledgement goes out, the promise is written to Redis
/// (<see cref="PendingAnswerStore"/>) under a lease this replica keeps alive while the command runs; it is removed
/// once the answer is delivered. At start-up and every <c>Answers__ResumeInterval</c>, any replica takes over the
/// promises whose lease expired (their replica died, or stopped before the answer was ready), runs the command again
/// and delivers the answer the same way; a promise past the platform's window is dropped and logged.
/// </summary>
public sealed partial class PendingAnswers(
    PendingAnswerStore store,
    RedisLeases leases,
    RedisKeys keys,
    BackgroundWork work,
    IServiceProvider services,
    TimeProvider time,
    IOptions<PendingAnswerOptions> options,
    ILogger<PendingAnswers> logger) : BackgroundService
{
    /// <summary>Records the promise and holds it; dispose the lease when done (<see cref="KeptAsync"/> first when the answer went out).</summary>
    public async Task<(string Id, Lease? Lease)> PromiseAsync(CommandContext context, Resumable resumable)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resumable);
        var id = Guid.NewGuid().ToString("N");
        // The lease first, so no replica ever sees the promise unheld while this one keeps it.
        var lease = (await leases.TryAcquireAsync(LeaseKey(id), options.Value.LeaseTtl))?.KeepAlive(time);
        await store.AddAsync(new PendingAnswer(id, context.Platform, context.Workspace, context.Channel, context.User, resumable.Text, resumable.Action, resumable.Value, resumable.Destination, time.GetUtcNow()));
        return (id, lease);
    }

    public Task KeptAsync(string id) => store.RemoveAsync(id);

    /// <summary>Takes over every promise no replica holds; answers how many were started.</summary>
    public async Task<int> ResumeOrphansAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        foreach (var id in await store.IdsAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lease = await leases.TryAcquireAsync(LeaseKey(id), options.Value.LeaseTtl);
            if (lease is null)
            {
                continue;
            }

            var pending = await store.GetAsync(id);
            if (pending is null || Deliverer(pending.Platform) is not { } deliverer || new Resumable(pending.Destination, pending.Text, pending.Action, pending.Value).Command() is not { } command)
            {
                await store.RemoveAsync(id);
                await lease.DisposeAsync();
                continue;
            }

            if (time.GetUtcNow() - pending.PromisedAt > deliverer.ValidFor)
            {
                Expired(logger, pending.Platform.Name(), pending.Workspace, pending.Channel);
                await store.RemoveAsync(id);
                await lease.DisposeAsync();
                continue;
            }

            lease.KeepAlive(time);
            if (!work.TryStart($"{pending.Platform.Name()}.resume", pending.Workspace, token => ResumeAsync(pending, command, deliverer, lease, token)))
            {
                // No room now: the next round tries again.
                await lease.DisposeAsync();
                continue;
            }

            started++;
        }

        return started;
    }

    private async Task ResumeAsync(PendingAnswer pending, Command command, IDeferredAnswers deliverer, Lease lease, CancellationToken cancellationToken)
    {
        await using (lease)
        {
            var context = new CommandContext(pending.Platform, pending.Workspace, pending.Channel, pending.User);
            var reply = await services.GetRequiredService<CommandDispatcher>().RunAsync(command, context, cancellationToken);
            try
            {
                await deliverer.DeliverAsync(pending.Destination, reply, cancellationToken);
                Resumed(logger, pending.Platform.Name(), pending.Workspace, pending.Channel);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The platform refused the answer: trying again would not help. (A shutdown leaves it to another replica.)
                await store.RemoveAsync(pending.Id);
                throw;
            }

            await store.RemoveAsync(pending.Id);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ResumeOrphansAsync(stoppingToken);
            }
            catch (StackExchange.Redis.RedisException ex)
            {
                ResumeFailed(logger, ex.Message);
            }

            await Task.Delay(options.Value.ResumeInterval, time, stoppingToken);
        }
    }

    private IDeferredAnswers? Deliverer(Platform platform) =>
        services.GetServices<IDeferredAnswers>().FirstOrDefault(d => d.Platform == platform);

    private StackExchange.Redis.RedisKey LeaseKey(string id) => keys.Lease("answer:" + id);

    [LoggerMessage(1, LogLevel.Information, "Delivered an answer promised by another replica in {Platform} workspace {Workspace}, channel {Channel}")]
    private static partial void Resumed(ILogger logger, string platform, string workspace, string? channel);

    [LoggerMessage(2, LogLevel.Warning, "A promised answer in {Platform} workspace {Workspace}, channel {Channel} expired before any replica could deliver it")]
    private static partial void Expired(ILogger logger, string platform, string workspace, string? channel);

    [LoggerMessage(3, LogLevel.Warning, "Could not look for promised answers to resume: {Error}")]
    private static partial void ResumeFailed(ILogger logger, string error);
}
