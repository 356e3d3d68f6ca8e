using Momentum.Engine;

namespace Momentum.Bot.Store;

/// <summary>
/// What one page of GitHub data adds to a repository, applied atomically: new actors, events (each with the key
/// that makes it count once), items now waiting for a first response, and first responses seen.
/// </summary>
public sealed class ActivityBatch
{
    private readonly Dictionary<(string Identity, string? Domain), int> _actorIndex;

    public ActivityBatch(ActorTable actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        Actors = actors;
        _actorIndex = actors.Index;
    }

    public ActorTable Actors { get; }

    public List<Actor> NewActors { get; } = [];

    public List<BatchEvent> Events { get; } = [];

    public List<AwaitingItem> Awaiting { get; } = [];

    public List<FirstResponse> Responses { get; } = [];

    public bool IsEmpty => Events.Count == 0 && Awaiting.Count == 0 && Responses.Count == 0;

    public int ActorOf(string identity, string? domain, bool isBotAccount)
    {
        var key = (identity, domain);
        if (_actorIndex.TryGetValue(key, out var index))
        {
            return index;
        }

        index = Actors.Count + NewActors.Count;
        _actorIndex[key] = index;
        NewActors.Add(new Actor(identity, domain, isBotAccount));
        return index;
    }

    public void AddCommit(string sha, DateTimeOffset committedAt, int actor, DateTimeOffset authoredAt) =>
        Events.Add(new BatchEvent(ContributionKind.Commit, sha, 0, committedAt.ToUnixTimeSeconds(), Week.Of(authoredAt), actor));

    public void AddNumbered(ContributionKind kind, int number, int actor, DateTimeOffset at) =>
        Events.Add(new BatchEvent(kind, null, number, 0, Week.Of(at), actor));

    /// <summary>Called after a successful apply: the new actors are now part of the stored table.</summary>
    internal void Commit()
    {
        Actors.Append(NewActors);
        NewActors.Clear();
        Events.Clear();
        Awaiting.Clear();
        Responses.Clear();
    }
}

public readonly record struct BatchEvent(ContributionKind Kind, string? Sha, int Number, long CommittedEpoch, Week Week, int Actor);

public readonly record struct AwaitingItem(int Number, string Author, DateTimeOffset OpenedAt);

public readonly record struct FirstResponse(int Number, DateTimeOffset OpenedAt, DateTimeOffset RespondedAt);

/// <summary>The stored actor list of a repository, with an index for interning.</summary>
public sealed class ActorTable
{
    private readonly List<Actor> _actors;

    public ActorTable(IEnumerable<Actor> actors)
    {
        _actors = actors.ToList();
        Index = new Dictionary<(string, string?), int>();
        for (var i = 0; i < _actors.Count; i++)
        {
            Index[(_actors[i].Identity, _actors[i].EmailDomain)] = i;
        }
    }

    public int Count => _actors.Count;

    public IReadOnlyList<Actor> Actors => _actors;

    internal Dictionary<(string Identity, string? Domain), int> Index { get; }

    internal void Append(IEnumerable<Actor> actors) => _actors.AddRange(actors);

    public static string Encode(Actor actor) => $"{actor.Identity}\t{actor.EmailDomain}\t{(actor.IsBotAccount ? "1" : "0")}";

    public static Actor Decode(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parts = entry.Split('\t');
        return new Actor(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, parts.Length > 2 && parts[2] == "1");
    }
}
