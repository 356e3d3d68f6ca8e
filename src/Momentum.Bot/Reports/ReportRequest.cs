using Momentum.Bot.GitHub;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>When a report may (or must) scan GitHub before it answers.</summary>
public enum ScanPolicy
{
    /// <summary>Scan the repositories whose data is older than the report's maximum age.</summary>
    IfStale,

    /// <summary>Scan every repository first (a "Refresh").</summary>
    Always,

    /// <summary>Answer from what is stored.</summary>
    Never,
}

/// <summary>What a caller may vary about a report.</summary>
public sealed record ReportRequest
{
    /// <summary>The workspace asking (its vendor list wins); null for the API, which has none.</summary>
    public string? Workspace { get; init; }

    public ScanPolicy Scan { get; init; }

    /// <summary>How old stored data may be before <see cref="ScanPolicy.IfStale"/> scans; default <c>Momentum__MaxAge</c>.</summary>
    public TimeSpan? MaxAge { get; init; }

    public Sensitivity Sensitivity { get; init; } = Sensitivity.Normal;

    public IReadOnlyList<string> ExcludedOrganizations { get; init; } = [];

    /// <summary>A person waiting may spend the rate-limit reserve; scheduled work does not.</summary>
    public ScanPriority Priority { get; init; } = ScanPriority.Interactive;

    /// <summary>
    /// The history a scan reads when one is needed (null: <c>GitHub__HistoryWeeks</c>). Stored history shorter than this
    /// is stale too: the scan then reads only the weeks it lacks.
    /// </summary>
    public int? HistoryWeeks { get; init; }

    /// <summary>Called before the report waits for a GitHub scan, so a chat adapter can acknowledge at once.</summary>
    public Action? OnScan { get; init; }
}
