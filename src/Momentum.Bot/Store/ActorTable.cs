using System.Globalization;
using Momentum.Engine;

namespace Momentum.Bot.Store;

/// <summary>
/// The stored actor list of a repository (one actor per identity), with an index for interning. Each entry is
/// <c>identity[\tbot[\tdomain,firstWeek,lastWeek;…]]</c> (bot is "1" or empty): the email domains that can name an
/// employer which the actor's commits used, and when. Free-mail and noreply domains are not kept: they say nothing.
/// </summary>
public sealed class ActorTable
{
    private readonly List<Actor> _actors;

    // A scan's listings run at once; one page at a time interns its actors and applies (indices follow the stored list).
    // Each turn waits for the one before it, first come first served.
    private readonly Lock _turns = new();
    private Task _lastTurn = Task.CompletedTask;

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

    /// <summary>
    /// Runs <paramref name="work"/> (build a batch on this table and apply it) while no other batch of this table is
    /// being built or applied: a new actor's index is the stored list's length, so batches must not interleave.
    /// </summary>
    public async Task<T> InTurnAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task before;
        lock (_turns)
        {
            before = _lastTurn;
            _lastTurn = done.Task;
        }

        try
        {
            await before; // never faults: every turn ends by settling its own
            return await work();
        }
        finally
        {
            done.SetResult();
        }
    }

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
