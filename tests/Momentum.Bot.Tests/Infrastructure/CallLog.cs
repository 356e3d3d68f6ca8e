namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>What a fake server was sent, in order, with a way to wait for a call (instead of sleeping).</summary>
public sealed class CallLog<T>
    where T : class
{
    private readonly List<T> _calls = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Done)> _waiters = [];

    public IReadOnlyList<T> Calls
    {
        get
        {
            lock (_waiters)
            {
                return _calls.ToArray();
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_waiters)
            {
                return _calls.Count;
            }
        }
    }

    public void Add(T call)
    {
        lock (_waiters)
        {
            _calls.Add(call);
            foreach (var waiter in _waiters.Where(w => w.Match(call)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(call);
            }
        }
    }

    /// <summary>The first call (already made or still to come) that matches; fails after the timeout (30 s).</summary>
    public Task<T> WaitForAsync(Func<T, bool> match, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            var existing = _calls.FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }
}
