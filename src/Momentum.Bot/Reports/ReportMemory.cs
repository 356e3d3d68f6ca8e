using System.Collections.Concurrent;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>
/// The one in-memory cache in front of the store, owned by Reports. It keeps, on the injected clock:
/// <list type="bullet">
/// <item>computed reports by the hash of everything they depend on (<see cref="ReportLifetime"/>; a key is never stale
/// for its inputs, the lifetime only bounds memory),</item>
/// <item>which report a (workspace, project, options) asked for last (<see cref="RecentLifetime"/>), so a popular card
/// is answered without reading the store at all,</item>
/// <item>each workspace's aliases (<see cref="RecentLifetime"/>).</item>
/// </list>
/// Writes made on this replica (aliases, vendor lists, a finished scan) drop what they affect at once; another
/// replica's writes show after at most <see cref="RecentLifetime"/>.
/// </summary>
public sealed class ReportMemory(TimeProvider time)
{
    public static readonly TimeSpan RecentLifetime = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ReportLifetime = TimeSpan.FromMinutes(5);

    private readonly Expiring<string, ReportView> _reports = new(time, 256);
    private readonly ConcurrentDictionary<string, Lazy<Task<ReportView>>> _making = new();
    private readonly Expiring<RecentKey, ReportView> _recent = new(time, 4096);
    private readonly Expiring<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> _aliases = new(time, 4096);

    /// <summary>What identifies "the same question" for <see cref="Recent"/>.</summary>
    internal readonly record struct RecentKey(string Workspace, string Project, Sensitivity Sensitivity, string Excluded, int Week);

    /// <summary>
    /// The computed report for <paramref name="key"/>: from memory, or made by <paramref name="make"/> once however
    /// many ask at the same moment (every answer waiting on one scan asks when it ends), then kept, never beyond
    /// <paramref name="until"/> (reports depend on which weeks are complete). A failed make is not kept: the next ask
    /// tries again.
    /// </summary>
    internal async Task<ReportView> ReportAsync(string key, Func<Task<ReportView>> make, DateTimeOffset until)
    {
        if (_reports.TryGet(key, out var known))
        {
            return known;
        }

        var mine = new Lazy<Task<ReportView>>(async () =>
        {
            var view = await make();
            _reports.Set(key, view, Min(time.GetUtcNow() + ReportLifetime, until));
            return view;
        });
        var making = _making.GetOrAdd(key, mine);
        if (!ReferenceEquals(making, mine))
        {
            return await making.Value;
        }

        try
        {
            return await mine.Value;
        }
        finally
        {
            _making.TryRemove(new KeyValuePair<string, Lazy<Task<ReportView>>>(key, mine));
        }
    }

    internal ReportView? Recent(RecentKey key) => _recent.TryGet(key, out var view) ? view : null;

    internal void RememberRecent(RecentKey key, ReportView view) => _recent.Set(key, view, time.GetUtcNow() + RecentLifetime);

    internal async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AliasesAsync(string workspace, Func<Task<Dictionary<string, IReadOnlyList<string>>>> read)
    {
        if (_aliases.TryGet(workspace, out var aliases))
        {
            return aliases;
        }

        aliases = await read();
        _aliases.Set(workspace, aliases, time.GetUtcNow() + RecentLifetime);
        return aliases;
    }

    internal void ForgetAliases(string workspace)
    {
        _aliases.Remove(workspace);
        _recent.Clear();
    }

    /// <summary>A vendor list changed: which report each question maps to may have changed.</summary>
    internal void ForgetVendors() => _recent.Clear();

    /// <summary>A scan stored new activity: reports keep their keys (the data version is part of them), questions do not.</summary>
    internal void ForgetScanned() => _recent.Clear();

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>A map whose entries expire; past its capacity it drops expired entries, and if that is not enough, everything.</summary>
    private sealed class Expiring<TKey, TValue>(TimeProvider time, int capacity)
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

        public void Set(TKey key, TValue value, DateTimeOffset expires)
        {
            if (_entries.Count >= capacity)
            {
                var now = time.GetUtcNow();
                foreach (var (k, entry) in _entries)
                {
                    if (entry.Expires <= now)
                    {
                        _entries.TryRemove(k, out _);
                    }
                }

                if (_entries.Count >= capacity)
                {
                    _entries.Clear();
                }
            }

            _entries[key] = (value, expires);
        }

        public void Remove(TKey key) => _entries.TryRemove(key, out _);

        public void Clear() => _entries.Clear();
    }
}
