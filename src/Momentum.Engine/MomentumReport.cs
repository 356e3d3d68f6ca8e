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

    /// <summary>The week's contributors of one class (the five add up to <see cref="Contributors"/>).</summary>
    public int ContributorsOf(ContributorClass contributorClass) => contributorClass switch
    {
        ContributorClass.Vendor => VendorContributors,
        ContributorClass.EndUser => EndUserContributors,
        ContributorClass.Community => CommunityContributors,
        ContributorClass.Individual => IndividualContributors,
        ContributorClass.Unknown => UnknownContributors,
        _ => throw new ArgumentOutOfRangeException(nameof(contributorClass), contributorClass, "a class without a weekly count"),
    };
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

/// <summary>An end-user organisation of a spike week and its end-user contributors that week.</summary>
public sealed record SpikeOrganization(string Name, int Contributors)
{
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary>
    /// Counted without corroboration that week: every member there only by their own profile <c>company</c> text
    /// (self-declared), or the week's one member by a bare mail domain (see <see cref="Corroboration"/>).
    /// </summary>
    public bool Unverified { get; init; }
}

/// <summary>
/// One measure of a spike week: its count, the baseline rate and spread it was compared with, the upper tail
/// probability of the count under that baseline, the lift over the rate and the lift the sensitivity requires.
/// </summary>
public sealed record SpikeMeasure(string Name, int Count, double Baseline, double Spread, double TailProbability, double Lift, double RequiredLift, bool Fired)
{
    public const string ContributorsName = "end-user contributors";

    public const string OrganizationsName = "end-user organisations";
}

/// <summary>
/// The year-end caveat of a spike: whether the week is a holiday week, how many holiday weeks its baseline left out,
/// and the same week a year earlier when the history reaches back that far.
/// </summary>
public sealed record SpikeSeason(bool InHolidays, int HolidayWeeksLeftOut, DateOnly? YearEarlierWeek, int? YearEarlierContributors, int? YearEarlierOrganizations);

/// <summary>
/// An end-user spike: a complete week whose end-user contributors and end-user organisations both rose past the
/// thresholds over their baseline. Weeks of one rise share an <see cref="EpisodeStart"/>; an episode is one alert.
/// </summary>
public sealed record Spike(
    DateOnly WeekStart,
    int EndUserContributors,
    int EndUserOrganizations,
    SpikeMeasure ContributorMeasure,
    SpikeMeasure OrganizationMeasure,
    int BaselineWeeks,
    IReadOnlyList<SpikeOrganization> Organizations,
    IReadOnlyList<string> Contributors,
    string Sensitivity)
{
    public DateOnly EpisodeStart { get; init; }

    /// <summary>1 for the week that opened the episode, 2 for its next spike week, …</summary>
    public int EpisodeWeek { get; init; } = 1;

    public SpikeSeason? Season { get; init; }
}

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

    /// <summary>Niche, breakout or ecosystem, with its evidence (<see cref="StageRule"/>). Null only in reports stored before it existed.</summary>
    public ProjectStage? Stage { get; init; }

    /// <summary>Every known organisation's people on the project over the last year, most contributors first.</summary>
    public IReadOnlyList<OrganizationPresence> Organizations { get; init; } = [];
}
