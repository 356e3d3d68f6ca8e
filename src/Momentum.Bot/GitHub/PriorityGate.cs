namespace Momentum.Bot.GitHub;

/// <summary>
/// At most <c>capacity</c> holders at once, like a semaphore, but a freed place goes to a person's request before any
/// background one (each kind first come, first served): a background scan with many requests queued never makes a
/// person's first answer wait behind all of them.
/// </summary>
public sealed class PriorityGate(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _people = new();
    private readonly Queue<TaskCompletionSource> _background = new();
    private int _free = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "A gate needs at least one place.");

    /// <summary>Requests waiting for a place, by kind (for tests and metrics).</summary>
    public (int People, int Background) Waiting
    {
        get
        {
            lock (_gate)
            {
                return (_people.Count(w => !w.Task.IsCompleted), _background.Count(w => !w.Task.IsCompleted));
            }
        }
    }

    /// <summary>Takes a place, waiting for one if none is free; give it back with <see cref="Release"/>.</summary>
    public async Task WaitAsync(bool person, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            // A free place means nobody waits (a released place goes to a waiter first).
            if (_free > 0)
            {
                _free--;
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (person ? _people : _background).Enqueue(waiter);
        }

        using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            try
            {
                await waiter.Task;
            }
            catch (OperationCanceledException)
            {
                // Granted a place just as it was cancelled: hand the place on.
                if (waiter.Task.IsCompletedSuccessfully)
                {
                    Release();
                }

                throw;
            }
        }
    }

    /// <summary>Gives a place back: to the first person waiting, else to the first background request, else free.</summary>
    public void Release()
    {
        lock (_gate)
        {
            while (_people.TryDequeue(out var next) || _background.TryDequeue(out next))
            {
                // A cancelled waiter is skipped; the place goes to the next one.
                if (next.TrySetResult())
                {
                    return;
                }
            }

            _free++;
        }
    }
}
