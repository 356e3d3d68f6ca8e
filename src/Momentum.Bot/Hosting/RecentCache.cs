using System.Collections.Concurrent;

namespace Momentum.Bot.Hosting;

/// <summary>
/// A small in-process cache of recent reads. Entries live <c>lifetime</c> on the injected clock (so another replica's
/// write shows after at most that long; this replica's writes call <see cref="Remove"/> and show at once), and the
/// cache empties itself rather than grow past its capacity.
/// </summary>
public sealed class RecentCache<TKey, TValue>(TimeProvider time, TimeSpan lifetime, int capacity = 4096)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Expires)> _entries = new();

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > time.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (value, time.GetUtcNow() + lifetime);
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public async Task<TValue> GetOrAddAsync(TKey key, Func<TKey, Task<TValue>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (TryGet(key, out var value))
        {
            return value;
        }

        value = await read(key);
        Set(key, value);
        return value;
    }
}
