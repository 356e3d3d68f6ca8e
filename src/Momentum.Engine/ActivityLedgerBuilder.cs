namespace Momentum.Engine;

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
