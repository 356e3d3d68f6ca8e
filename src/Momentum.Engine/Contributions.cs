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

/// <summary>Hours from an issue or pull request being opened (in <paramref name="Week"/>) to its first response.</summary>
public readonly record struct FirstResponseSample(Week Week, double Hours);

/// <summary>
/// Compact weekly activity of one repository (or several, merged): what the store keeps instead of raw events.
/// Identities are interned as actors; cells hold per-week counts. Everything the metrics need is derivable from it,
/// so a changed vendor list or affiliation reclassifies without fetching anything again.
/// </summary>
public sealed class ActivityLedger
{
    public ActivityLedger(
        IReadOnlyList<Actor> actors,
        IReadOnlyList<ActivityCell> cells,
        IReadOnlyList<FirstResponseSample> firstResponses,
        Week historyStart,
        IReadOnlyList<Week?>? actorFirstSeen = null)
    {
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(firstResponses);
        if (actorFirstSeen is not null && actorFirstSeen.Count != actors.Count)
        {
            throw new ArgumentException("One first-seen week per actor, or none.", nameof(actorFirstSeen));
        }

        Actors = actors;
        Cells = cells;
        FirstResponses = firstResponses;
        HistoryStart = historyStart;
        ActorFirstSeen = actorFirstSeen;
    }

    /// <summary>
    /// Per actor, the first week it was ever seen, when known beyond the cells (weeks older than the horizon are
    /// trimmed from storage, but a contributor seen then is not "new" again). Null: derive from the cells.
    /// </summary>
    public IReadOnlyList<Week?>? ActorFirstSeen { get; }

    public IReadOnlyList<Actor> Actors { get; }

    public IReadOnlyList<ActivityCell> Cells { get; }

    public IReadOnlyList<FirstResponseSample> FirstResponses { get; }

    /// <summary>The first week the history covers: "new" contributors can only be new relative to it.</summary>
    public Week HistoryStart { get; }

    public static ActivityLedger Empty(Week historyStart) => new([], [], [], historyStart);

    /// <summary>Sums several repositories' ledgers into one project ledger (actors are unified by identity and domain).</summary>
    public static ActivityLedger Merge(IReadOnlyList<ActivityLedger> ledgers)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        if (ledgers.Count == 1)
        {
            return ledgers[0];
        }

        var builder = new ActivityLedgerBuilder(ledgers.Count == 0 ? new Week(0) : ledgers.Min(l => l.HistoryStart));
        foreach (var ledger in ledgers)
        {
            var map = new int[ledger.Actors.Count];
            for (var i = 0; i < map.Length; i++)
            {
                var actor = ledger.Actors[i];
                map[i] = builder.Intern(actor.Identity, actor.EmailDomain, actor.IsBotAccount);
            }

            foreach (var cell in ledger.Cells)
            {
                builder.AddCounts(cell.Week, map[cell.Actor], cell.Counts);
            }

            foreach (var sample in ledger.FirstResponses)
            {
                builder.AddFirstResponse(sample);
            }
        }

        return builder.Build();
    }
}

/// <summary>Builds an <see cref="ActivityLedger"/> from contribution events (the full rebuild path).</summary>
public sealed class ActivityLedgerBuilder(Week historyStart)
{
    private readonly Dictionary<(string Identity, string? Domain), int> _actorIndex = [];
    private readonly List<Actor> _actors = [];
    private readonly Dictionary<long, long> _cells = [];
    private readonly List<FirstResponseSample> _firstResponses = [];

    public Week HistoryStart { get; } = historyStart;

    /// <summary>Adds one event; merge commits and events before the history start are ignored. Returns whether it was counted.</summary>
    public bool Add(in ContributionEvent contribution)
    {
        var week = Week.Of(contribution.At);
        if (week < HistoryStart || (contribution.IsMergeCommit && contribution.Kind == ContributionKind.Commit))
        {
            return false;
        }

        var actor = Intern(contribution.Identity, contribution.Kind == ContributionKind.Commit ? contribution.EmailDomain : null, contribution.IsBotAccount);
        ref var packed = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_cells, Key(week, actor), out _);
        packed += ActivityCounts.Increment(contribution.Kind);
        return true;
    }

    public void AddFirstResponse(DateTimeOffset openedAt, DateTimeOffset respondedAt)
    {
        var week = Week.Of(openedAt);
        if (week >= HistoryStart && respondedAt >= openedAt)
        {
            _firstResponses.Add(new FirstResponseSample(week, (respondedAt - openedAt).TotalHours));
        }
    }

    internal void AddFirstResponse(FirstResponseSample sample) => _firstResponses.Add(sample);

    internal int Intern(string identity, string? domain, bool isBotAccount)
    {
        ref var index = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_actorIndex, (identity, domain), out var exists);
        if (!exists)
        {
            index = _actors.Count;
            _actors.Add(new Actor(identity, domain, isBotAccount));
        }
        else if (isBotAccount && !_actors[index].IsBotAccount)
        {
            _actors[index] = _actors[index] with { IsBotAccount = true };
        }

        return index;
    }

    internal void AddCounts(Week week, int actor, ActivityCounts counts)
    {
        if (week < HistoryStart)
        {
            return;
        }

        ref var packed = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_cells, Key(week, actor), out _);
        packed = (ActivityCounts.Unpack(packed) + counts).Pack();
    }

    public ActivityLedger Build()
    {
        var cells = new ActivityCell[_cells.Count];
        var i = 0;
        foreach (var (key, packed) in _cells)
        {
            cells[i++] = new ActivityCell(new Week((int)(key >> 32)), (int)(key & 0xFFFFFFFF), ActivityCounts.Unpack(packed));
        }

        Array.Sort(cells, static (a, b) => a.Week.Index != b.Week.Index ? a.Week.Index.CompareTo(b.Week.Index) : a.Actor.CompareTo(b.Actor));
        return new ActivityLedger(_actors.ToArray(), cells, _firstResponses.ToArray(), HistoryStart);
    }

    private static long Key(Week week, int actor) => ((long)week.Index << 32) | (uint)actor;
}
