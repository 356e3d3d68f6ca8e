using System.Globalization;
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

/// <summary>
/// The stored actor list of a repository (one actor per identity), with an index for interning. Each entry is
/// <c>identity[\tbot[\tdomain,firstWeek,lastWeek;…]]</c> (bot is "1" or empty): the email domains that can name an
/// employer which the actor's commits used, and when. Free-mail and noreply domains are not kept: they say nothing.
/// </summary>
public sealed class ActorTable
{
    private readonly List<Actor> _actors;

    public ActorTable(IEnumerable<Actor> actors)
    {
        _actors = actors.ToList();
        for (var i = 0; i < _actors.Count; i++)
        {
            Index[_actors[i].Identity] = i;
        }
    }

    public int Count => _actors.Count;

    public IReadOnlyList<Actor> Actors => _actors;

    internal Dictionary<string, int> Index { get; } = new(StringComparer.Ordinal);

    internal void Append(IEnumerable<Actor> actors) => _actors.AddRange(actors);

    public static string Encode(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsBotAccount ? actor.Identity + "\t1" : actor.Identity;
    }

    public static (Actor Actor, List<(string Domain, Week First, Week Last)> Domains) Decode(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parts = entry.Split('\t');
        var domains = new List<(string, Week, Week)>();
        if (parts.Length > 2)
        {
            foreach (var range in parts[2].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var f = range.Split(',');
                if (f.Length == 3)
                {
                    domains.Add((f[0], new Week(int.Parse(f[1], CultureInfo.InvariantCulture)), new Week(int.Parse(f[2], CultureInfo.InvariantCulture))));
                }
            }
        }

        return (new Actor(parts[0], null, parts.Length > 1 && parts[1] == "1"), domains);
    }

    /// <summary>Domains that can carry affiliation go into the actor entry; anything but a plain host name is dropped.</summary>
    internal static string? CleanDomain(string? domain) =>
        domain is { Length: > 0 and <= 253 }
        && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
        && AffiliationResolver.CanCarryAffiliation(domain)
            ? domain
            : null;
}
