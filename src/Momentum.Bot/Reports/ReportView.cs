using System.Collections.Concurrent;

namespace Momentum.Bot.Reports;

/// <summary>
/// A computed report, and what callers derived from it (a card, its rendering): derived values live exactly as long as
/// the report does in the report memory, so nobody else decides whether they are still fresh.
/// </summary>
public sealed class ReportView(ProjectReport report)
{
    // Bounds what users' spellings of a project ("cilium", "Cilium") can make one view hold.
    private const int MaxDerived = 32;
    private readonly ConcurrentDictionary<object, Lazy<object>> _derived = new();

    public ProjectReport Report { get; } = report;

    /// <summary>
    /// The value <paramref name="build"/> makes of this report, made once per <paramref name="key"/>: callers asking at
    /// the same moment (every answer waiting on the scan that made this report) wait for the one build rather than each
    /// making its own — a card with its chart costs real CPU.
    /// </summary>
    public T Derived<T>(object key, Func<ProjectReport, T> build)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(build);
        if (_derived.TryGetValue(key, out var known))
        {
            return (T)known.Value;
        }

        var made = new Lazy<object>(() => build(Report), LazyThreadSafetyMode.ExecutionAndPublication);
        return (T)(_derived.Count < MaxDerived ? _derived.GetOrAdd(key, made) : made).Value;
    }

    /// <summary>The same report with one-off notes ("GitHub could not be reached; data as of …"), derived afresh.</summary>
    internal ReportView WithNotes(IReadOnlyList<string> notes) => new(Report with { Notes = [.. notes, .. Report.Notes] });
}
