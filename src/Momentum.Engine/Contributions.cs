namespace Momentum.Engine;

public enum ContributionKind
{
    Commit,
    PullRequestOpened,
    PullRequestMerged,
    IssueOpened,
}

/// <summary>
/// One contribution as GitHub reports it. <paramref name="Identity"/> is the lower-cased GitHub login when GitHub
/// links the event to an account, else the lower-cased author email. <paramref name="EmailDomain"/> is the
/// lower-cased domain of the commit author's email (commits only), which carries affiliation. Merge commits
/// (two or more parents) are never counted.
/// </summary>
public readonly record struct ContributionEvent(
    string Identity,
    string? EmailDomain,
    bool IsBotAccount,
    ContributionKind Kind,
    DateTimeOffset At,
    bool IsMergeCommit = false);

/// <summary>Who did something, as stored: the identity plus the email domain it used (so affiliation can be dated).</summary>
public sealed record Actor(string Identity, string? EmailDomain, bool IsBotAccount);

/// <summary>Event counts of one actor in one week, packed into one 64-bit integer for storage (16 bits each).</summary>
public readonly record struct ActivityCounts(int Commits, int PullRequestsOpened, int PullRequestsMerged, int IssuesOpened)
{
    public static long Increment(ContributionKind kind) => 1L << (16 * (int)kind);

    public static ActivityCounts Unpack(long packed) => new(
        (int)(packed & 0xFFFF),
        (int)((packed >> 16) & 0xFFFF),
        (int)((packed >> 32) & 0xFFFF),
        (int)((packed >> 48) & 0x7FFF));

    public long Pack() =>
        (long)Math.Min(Commits, 0xFFFF)
        | ((long)Math.Min(PullRequestsOpened, 0xFFFF) << 16)
        | ((long)Math.Min(PullRequestsMerged, 0xFFFF) << 32)
        | ((long)Math.Min(IssuesOpened, 0x7FFF) << 48);

    public int Total => Commits + PullRequestsOpened + PullRequestsMerged + IssuesOpened;

    public static ActivityCounts operator +(ActivityCounts a, ActivityCounts b) => new(
        a.Commits + b.Commits,
        a.PullRequestsOpened + b.PullRequestsOpened,
        a.PullRequestsMerged + b.PullRequestsMerged,
        a.IssuesOpened + b.IssuesOpened);
}

/// <summary>The activity of one actor (an index into <see cref="ActivityLedger.Actors"/>) in one week.</summary>
public readonly record struct ActivityCell(Week Week, int Actor, ActivityCounts Counts);

/// <summary>
/// An actor's commits used <paramref name="Domain"/> from week <paramref name="First"/> to <paramref name="Last"/>:
/// dated affiliation evidence kept apart from the weekly counts, so one identity needs one actor.
/// </summary>
public readonly record struct DomainEvidence(int Actor, string Domain, Week First, Week Last);

/// <summary>Hours from an issue or pull request being opened (in <paramref name="Week"/>) to its first response.</summary>
public readonly record struct FirstResponseSample(Week Week, double Hours);
