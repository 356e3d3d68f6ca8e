using Momentum.Bot.Chat;

namespace Momentum.Bot.Commands;

/// <summary>
/// How an adapter can replace its acknowledgement in place (Slack: the response URL with <c>replace_original</c>; Teams:
/// an activity update), how often, and how many times before the final answer (Slack takes five posts on a response URL).
/// </summary>
public sealed record AcknowledgementUpdates(Func<Reply, CancellationToken, Task> Replace, int MaxUpdates)
{
    /// <summary>Progress replaces the acknowledgement at most this often (the first time this long after it).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Shows a long command's progress ("12 of 30 scanned") in its acknowledgement: the latest report replaces it at most
/// every <see cref="AcknowledgementUpdates.Interval"/>, one post at a time, and never after the answer. Once progress was
/// shown, the final answer replaces the acknowledgement too (<see cref="FinishAsync"/> says so).
/// </summary>
internal sealed partial class AcknowledgementProgress(Command command, AcknowledgementUpdates updates, TimeProvider time, ILogger logger, CancellationToken stopping)
{
    private readonly Lock _gate = new();
    private string? _pending;
    private bool _acknowledged;
    private bool _finished;
    private int _sent;
    private long _last;
    private ITimer? _timer;
    private Task _posting = Task.CompletedTask;

    public void Report(string progress)
    {
        lock (_gate)
        {
            if (_finished || _sent >= updates.MaxUpdates)
            {
                return;
            }

            _pending = progress;
            if (_acknowledged)
            {
                ScheduleLocked();
            }
        }
    }

    /// <summary>The acknowledgement is going out now: progress may replace it from <see cref="AcknowledgementUpdates.Interval"/> on.</summary>
    public void Acknowledged()
    {
        lock (_gate)
        {
            _acknowledged = true;
            _last = time.GetTimestamp();
            if (_pending is not null)
            {
                ScheduleLocked();
            }
        }
    }

    /// <summary>No more progress; waits for a post in flight. True when progress replaced the acknowledgement (so the answer should too).</summary>
    public async Task<bool> FinishAsync()
    {
        Task posting;
        lock (_gate)
        {
            _finished = true;
            _timer?.Dispose();
            _timer = null;
            posting = _posting;
        }

        await posting;
        return Volatile.Read(ref _sent) > 0;
    }

    private void ScheduleLocked()
    {
        if (_timer is not null)
        {
            return;
        }

        var due = AcknowledgementUpdates.Interval - time.GetElapsedTime(_last);
        _timer = time.CreateTimer(_ => Flush(), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Flush()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_finished || _pending is not { } progress || _sent >= updates.MaxUpdates)
            {
                return;
            }

            _pending = null;
            _sent++;
            _last = time.GetTimestamp();
            _posting = PostAsync(_posting, WorkingReply.Progress(command, progress));
        }
    }

    private async Task PostAsync(Task previous, Reply reply)
    {
        await previous;
        try
        {
            await updates.Replace(reply, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the answer is left to whoever keeps the promise.
        }
#pragma warning disable CA1031 // A progress post that failed costs only the progress: the answer still comes.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ProgressFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not show a command's progress in its acknowledgement: {Error}")]
    private static partial void ProgressFailed(ILogger logger, string error);
}
