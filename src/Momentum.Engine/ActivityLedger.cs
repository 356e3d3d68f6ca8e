namespace Momentum.Engine;

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
