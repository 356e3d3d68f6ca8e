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

        // Cancelled first, the waiter is skipped by Release; granted first, the place is the caller's to give back.
        using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            await waiter.Task;
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
