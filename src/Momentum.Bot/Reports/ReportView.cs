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
    private readonly ConcurrentDictionary<object, object> _derived = new();

    public ProjectReport Report { get; } = report;

    /// <summary>The value <paramref name="build"/> makes of this report, made once per <paramref name="key"/>.</summary>
    public T Derived<T>(object key, Func<ProjectReport, T> build)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(build);
        if (_derived.TryGetValue(key, out var known))
        {
            return (T)known;
        }

        var value = build(Report);
        return _derived.Count < MaxDerived ? (T)_derived.GetOrAdd(key, value) : value;
    }

    /// <summary>The same report with one-off notes ("GitHub could not be reached; data as of …"), derived afresh.</summary>
    internal ReportView WithNotes(IReadOnlyList<string> notes) => new(Report with { Notes = [.. notes, .. Report.Notes] });
}
