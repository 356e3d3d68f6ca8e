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
        IReadOnlyList<Week?>? actorFirstSeen = null,
        IReadOnlyList<DomainEvidence>? domainEvidence = null)
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
        DomainEvidence = domainEvidence ?? [];
    }

    /// <summary>Email domains actors used and when, beyond what the actors' own domains and cells say.</summary>
    public IReadOnlyList<DomainEvidence> DomainEvidence { get; }

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

            foreach (var evidence in ledger.DomainEvidence)
            {
                builder.AddEvidence(evidence with { Actor = map[evidence.Actor] });
            }

            if (ledger.ActorFirstSeen is { } firstSeen)
            {
                for (var i = 0; i < map.Length; i++)
                {
                    if (firstSeen[i] is { } week)
                    {
                        builder.SeenFirst(map[i], week);
                    }
                }
            }
        }

        return builder.Build();
    }
}

/// <summary>
/// Builds an <see cref="ActivityLedger"/> from contribution events (the full rebuild path). Each event becomes one
/// 64-bit word (week, actor, kind); building sorts the words and folds equal (week, actor) runs into cells, which is
/// far cheaper than a hash table of hundreds of thousands of cells.
/// </summary>
public sealed class ActivityLedgerBuilder(Week historyStart)
{
    private const int KindBits = 2;
    private const int ActorBits = 38;
    private const long ActorMask = (1L << ActorBits) - 1;

    private readonly Dictionary<(string Identity, string? Domain), int> _actorIndex = [];
    private readonly List<Actor> _actors = [];
    private readonly List<FirstResponseSample> _firstResponses = [];
    private readonly List<DomainEvidence> _evidence = [];
    private readonly Dictionary<int, Week> _firstSeen = [];
    private readonly List<ActivityCell> _mergedCells = [];
    private long[] _events = new long[1024];
    private int _count;

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
        if (_count == _events.Length)
        {
            Array.Resize(ref _events, _events.Length * 2);
        }

        _events[_count++] = ((long)(week.Index - HistoryStart.Index) << (ActorBits + KindBits)) | ((long)actor << KindBits) | (long)contribution.Kind;
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

    internal void AddEvidence(DomainEvidence evidence) => _evidence.Add(evidence);

    internal void SeenFirst(int actor, Week week)
    {
        if (!_firstSeen.TryGetValue(actor, out var known) || week < known)
        {
            _firstSeen[actor] = week;
        }
    }

    internal void AddCounts(Week week, int actor, ActivityCounts counts)
    {
        if (week >= HistoryStart)
        {
            _mergedCells.Add(new ActivityCell(week, actor, counts));
        }
    }

    public ActivityLedger Build()
    {
        var words = _events.AsSpan(0, _count);
        words.Sort();
        var cells = new List<ActivityCell>(_mergedCells.Count + (_count / 2));
        Span<int> counts = stackalloc int[4];
        for (var i = 0; i < words.Length;)
        {
            var cell = words[i] >> KindBits;
            counts.Clear();
            for (; i < words.Length && words[i] >> KindBits == cell; i++)
            {
                counts[(int)(words[i] & 3)]++;
            }

            var week = HistoryStart.Plus((int)(cell >> ActorBits));
            cells.Add(new ActivityCell(week, (int)(cell & ActorMask), new ActivityCounts(counts[0], counts[1], counts[2], counts[3])));
        }

        if (_mergedCells.Count > 0)
        {
            cells = cells.Concat(_mergedCells)
                .GroupBy(c => (c.Week, c.Actor))
                .Select(g => new ActivityCell(g.Key.Week, g.Key.Actor, g.Aggregate(default(ActivityCounts), (sum, c) => sum + c.Counts)))
                .OrderBy(c => c.Week.Index).ThenBy(c => c.Actor)
                .ToList();
        }

        Week?[]? firstSeen = null;
        if (_firstSeen.Count > 0)
        {
            firstSeen = new Week?[_actors.Count];
            foreach (var (actor, week) in _firstSeen)
            {
                firstSeen[actor] = week;
            }
        }

        return new ActivityLedger(_actors.ToArray(), cells.ToArray(), _firstResponses.ToArray(), HistoryStart, firstSeen, _evidence.ToArray());
    }
}
