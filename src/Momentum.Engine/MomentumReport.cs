namespace Momentum.Engine;

/// <summary>One ISO week of a project's activity. Bots are excluded from every count except <see cref="BotEventsExcluded"/>.</summary>
public sealed record WeekMetrics(
    DateOnly WeekStart,
    bool Partial,
    int Commits,
    int CommitAuthors,
    int PullRequestsOpened,
    int PullRequestsMerged,
    int IssuesOpened,
    int Contributors,
    int NewContributors,
    int EndUserContributors,
    int VendorContributors,
    int UnknownContributors,
    int EndUserOrganizations,
    int BotEventsExcluded)
{
    /// <summary>Contributors at the project itself, a foundation or a school (known, never end-user).</summary>
    public int CommunityContributors { get; init; }

    /// <summary>Contributors known to be nobody's employee (Independent, a personal domain).</summary>
    public int IndividualContributors { get; init; }
}

public sealed record OrganizationActivity(string Name, int Contributors, int Contributions);

/// <summary>The last <see cref="Weeks"/> complete weeks. Shares are null when there were no contributors at all.</summary>
public sealed record WindowMetrics(
    DateOnly Start,
    DateOnly End,
    int Weeks,
    int ActiveContributors,
    double? ActiveContributorsPrevious,
    int EndUserContributors,
    int VendorContributors,
    int UnknownContributors,
    double? EndUserShare,
    double? VendorShare,
    double? UnknownShare,
    int EndUserOrganizations,
    int NewContributors,
    int? ElephantFactor,
    int? ContributorAbsenceFactor,
    double MergedPullRequestsPerWeek,
    double? MedianHoursToFirstResponse,
    int FirstResponseSamples,
    IReadOnlyList<OrganizationActivity> TopEndUserOrganizations,
    IReadOnlyList<OrganizationActivity> VendorOrganizations)
{
    public int CommunityContributors { get; init; }

    public int IndividualContributors { get; init; }

    public double? CommunityShare { get; init; }

    public double? IndividualShare { get; init; }
}

/// <summary>One term of the momentum score: its per-week rate recently and before, and what it added.</summary>
public sealed record ScoreTerm(string Name, double Weight, double Recent, double Baseline, double Growth, double Contribution, string Text);

/// <summary>Which way the momentum score points: rising at 60 or more, cooling at 40 or less, steady between.</summary>
public enum Trend
{
    Steady,
    Rising,
    Cooling,
}

public sealed record MomentumScore(int Score, Trend Trend, IReadOnlyList<string> Drivers, IReadOnlyList<ScoreTerm> Terms);

public sealed record SpikeOrganization(string Name, int Contributors);

/// <summary>An end-user spike: a complete week whose end-user contributors (or organisations) jumped over the baseline.</summary>
public sealed record Spike(
    DateOnly WeekStart,
    int EndUserContributors,
    double BaselineMedian,
    double BaselineMad,
    double Z,
    int EndUserOrganizations,
    double OrganizationsBaselineMedian,
    double OrganizationsZ,
    IReadOnlyList<SpikeOrganization> Organizations,
    IReadOnlyList<string> Contributors,
    string Sensitivity);

public sealed record DataQuality(
    double? UnknownAffiliationShare,
    int BotEventsExcluded,
    DateOnly HistoryStart,
    int HistoryWeeks,
    IReadOnlyList<string> Warnings);

public sealed record MomentumReport(
    DateTimeOffset AsOf,
    DateOnly HistoryStart,
    IReadOnlyList<WeekMetrics> Weeks,
    WindowMetrics Window,
    MomentumScore Momentum,
    IReadOnlyList<Spike> Spikes,
    DataQuality DataQuality)
{
    /// <summary>End-user organisations whose first end-user contribution in the known history is in the newest complete week.</summary>
    public IReadOnlyList<string> NewEndUserOrganizations { get; init; } = [];
}
