using Momentum.Bot.Chat;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Commands;

/// <summary>What a chat adapter sends now: the final reply, or an acknowledgement while the reply is on its way.</summary>
public sealed record Answer(Reply Reply, bool Final)
{
    /// <summary>The host had no room for the command: the reply says "busy", and nothing runs.</summary>
    public bool Refused { get; init; }
}

/// <summary>
/// "Answer now, or acknowledge and finish later", written once for every adapter and every command: the command
/// runs at once; if it answers within the platform's budget the answer goes back now, and if it runs longer, or says it
/// must wait for GitHub, the adapter acknowledges with a "working on it" reply and the answer is delivered when ready
/// through the adapter's own way of answering later. No list says which commands are slow.
/// </summary>
/// <remarks>
/// When the adapter says how the answer can be delivered from anywhere (<see cref="Resumable"/>), the promise is durable:
/// kept in Redis until delivered, and taken over by another replica if this one dies first (<see cref="PendingAnswers"/>).
/// </remarks>
public sealed class ReplyPolicy(CommandDispatcher commands, BackgroundWork work, PendingAnswers pending, CommandMetrics metrics, TimeProvider time, ILogger<ReplyPolicy> logger)
{
    /// <param name="budget">How long the adapter can wait before it must answer (Slack gives three seconds in all).</param>
    /// <param name="deliverLater">Sends the final reply after an acknowledgement (a response URL, a proactive message).</param>
    /// <param name="acknowledgeWhenSlow">
    /// Acknowledge as soon as the command says it must wait for GitHub (true), or wait out the budget anyway, because an
    /// answer in place beats an acknowledgement (a Teams card refreshed in the invoke response).
    /// </param>
    /// <param name="resumable">How another replica could keep the promise if this one dies (null: the promise lives in memory only).</param>
    /// <param name="updates">How the acknowledgement can be replaced in place with progress, and then with the answer (null: it cannot).</param>
    public async Task<Answer> RunAsync(
        Command command, CommandContext context, TimeSpan budget, Func<Reply, CancellationToken, Task> deliverLater, CancellationToken cancellationToken, bool acknowledgeWhenSlow = true, Resumable? resumable = null, AcknowledgementUpdates? updates = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(deliverLater);
        if (!work.HasRoomFor(context.Workspace))
        {
            metrics.Refused(context.Platform, command);
            return new Answer(Reply.Busy(), true) { Refused = true };
        }

        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The command is not tied to the request: it runs to its end (or the host's shutdown deadline).
        var progress = updates is null ? null : new AcknowledgementProgress(command, updates, time, logger, work.Stopping);
        var running = commands.RunAsync(command, acknowledgeWhenSlow ? context with { OnSlow = () => slow.TrySetResult(), OnProgress = progress is null ? null : progress.Report } : context, work.Stopping);
        if (!running.IsCompleted)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(running, slow.Task, Task.Delay(budget, time, wait.Token));
            await wait.CancelAsync();
        }

        if (running.IsCompleted)
        {
            if (progress is not null)
            {
                await progress.FinishAsync();
            }

            return new Answer(await running, true);
        }

        var (id, lease) = resumable is null ? (null, null) : await pending.PromiseAsync(context, resumable);
        // The answer on its way keeps the command's log scope (and its trace, through the execution context).
        using var scope = CommandLog.BeginScope(logger, context);
        var started = work.TryStart($"{context.Platform.Name()}.reply", context.Workspace, async stop =>
        {
            await using (lease)
            {
                try
                {
                    var reply = await running;
                    if (progress is not null && await progress.FinishAsync())
                    {
                        await updates!.Replace(reply, stop);
                    }
                    else
                    {
                        await deliverLater(reply, stop);
                    }
                }
                catch (Exception ex) when (id is not null && ex is not OperationCanceledException)
                {
                    // The platform refused the answer: trying again elsewhere would not help. (A shutdown leaves it to another replica.)
                    await pending.KeptAsync(id);
                    throw;
                }

                if (id is not null)
                {
                    await pending.KeptAsync(id);
                }
            }
        });
        if (!started && lease is not null)
        {
            // No room to deliver here: the lease goes, so the next replica (or this one's next round) keeps the promise.
            await lease.DisposeAsync();
        }

        progress?.Acknowledged();
        return new Answer(WorkingReply.For(command), false);
    }
}
