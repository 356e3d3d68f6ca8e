using Momentum.Engine;

namespace Momentum.Bot.Store;

/// <summary>
/// What one page of GitHub data adds to a repository, applied atomically: new actors, events (each with the key
/// that makes it count once), items now waiting for a first response, and first responses seen.
/// </summary>
public sealed class ActivityBatch(ActorTable actors)
{
    public ActorTable Actors { get; } = actors;

    public List<Actor> NewActors { get; } = [];

    public List<BatchEvent> Events { get; } = [];

    public List<AwaitingItem> Awaiting { get; } = [];

    public List<FirstResponse> Responses { get; } = [];

    public bool IsEmpty => Events.Count == 0 && Awaiting.Count == 0 && Responses.Count == 0 && NewActors.Count == 0;

    /// <summary>The actor of an identity (one per identity), interned on first use.</summary>
    public int ActorOf(string identity, bool isBotAccount)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (Actors.Index.TryGetValue(identity, out var index))
        {
            return index;
        }

        index = Actors.Count + NewActors.Count;
        Actors.Index[identity] = index;
        NewActors.Add(new Actor(identity, null, isBotAccount));
        return index;
    }

    /// <param name="domain">The author email's domain: dated affiliation evidence, kept on the actor.</param>
    public void AddCommit(string sha, DateTimeOffset committedAt, int actor, DateTimeOffset authoredAt, string? domain) =>
        Events.Add(new BatchEvent(ContributionKind.Commit, sha, 0, Week.Of(committedAt), Week.Of(authoredAt), actor, ActorTable.CleanDomain(domain)));

    public void AddNumbered(ContributionKind kind, int number, int actor, DateTimeOffset at) =>
        Events.Add(new BatchEvent(kind, null, number, default, Week.Of(at), actor, null));

    /// <summary>Called after a successful apply: the new actors are now part of the stored table.</summary>
    internal void Applied()
    {
        Actors.Append(NewActors);
        NewActors.Clear();
        Events.Clear();
        Awaiting.Clear();
        Responses.Clear();
    }
}

public readonly record struct BatchEvent(ContributionKind Kind, string? Sha, int Number, Week CommittedWeek, Week Week, int Actor, string? Domain);

public readonly record struct AwaitingItem(int Number, int AuthorActor, DateTimeOffset OpenedAt);

public readonly record struct FirstResponse(int Number, DateTimeOffset OpenedAt, DateTimeOffset RespondedAt);

