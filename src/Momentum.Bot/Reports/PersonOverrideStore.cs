using System.Text;
using System.Text.Json;
using Momentum.Bot.Store;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Reports;

/// <summary>One dated line of a person override: <see cref="Organization"/> from <see cref="From"/> (inclusive) until <see cref="Until"/> (exclusive).</summary>
public sealed record PersonLine(string Organization, DateOnly? From, DateOnly? Until)
{
    public bool Overlaps(DateOnly? from, DateOnly? until) =>
        (From ?? DateOnly.MinValue) < (until ?? DateOnly.MaxValue) && (from ?? DateOnly.MinValue) < (Until ?? DateOnly.MaxValue);
}

/// <summary>Who set or cleared a person's override, when, and to what.</summary>
public sealed record PersonChange(string By, DateTimeOffset At, string Action, string? Organization, DateOnly? From, DateOnly? Until);

/// <summary>A workspace's override for one identity: its lines in force (none after <c>clear</c>) and the change log.</summary>
public sealed record PersonOverride(string Identity, IReadOnlyList<PersonLine> Lines, IReadOnlyList<PersonChange> Changes);

/// <summary>The overrides of one workspace, as the engine reads them, and a version that changes whenever they do (reports key on it).</summary>
public sealed record WorkspacePeople(DatedAffiliations Affiliations, string Version)
{
    public static WorkspacePeople None { get; } = new(DatedAffiliations.Empty, "");
}

/// <summary>
/// Person overrides set in chat (<c>/momentum person …</c>), one hash per workspace: a workspace's overrides never reach
/// another. Every write drops what the report memory derived from them, so stored activity reclassifies at once.
/// </summary>
public sealed class PersonOverrideStore(IConnectionMultiplexer redis, RedisKeys keys, ReportMemory memory)
{
    public const int MaxPeople = 5000;
    public const int MaxLines = 20;
    private const int KeptChanges = 20;

    private IDatabase Db => redis.GetDatabase();

    public async Task<PersonOverride?> GetAsync(string workspace, string identity)
    {
        var value = await Db.HashGetAsync(keys.WorkspacePeople(workspace), identity.ToLowerInvariant());
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, ReportsJsonContext.Default.PersonOverride);
    }

    public Task<long> CountAsync(string workspace) => Db.HashLengthAsync(keys.WorkspacePeople(workspace));

    public async Task SaveAsync(string workspace, PersonOverride person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var document = person with { Changes = person.Changes.TakeLast(KeptChanges).ToArray() };
        await Db.HashSetAsync(keys.WorkspacePeople(workspace), person.Identity.ToLowerInvariant(), JsonSerializer.Serialize(document, ReportsJsonContext.Default.PersonOverride));
        memory.ForgetVendors();
    }

    /// <summary>The workspace's overrides in force (null workspace, as the API asks: none).</summary>
    public async Task<WorkspacePeople> InForceAsync(string? workspace)
    {
        if (workspace is null)
        {
            return WorkspacePeople.None;
        }

        var entries = await Db.HashGetAllAsync(keys.WorkspacePeople(workspace));
        if (entries.Length == 0)
        {
            return WorkspacePeople.None;
        }

        var affiliations = new DatedAffiliations();
        var version = new StringBuilder();
        foreach (var entry in entries.OrderBy(e => (string)e.Name!, StringComparer.Ordinal))
        {
            var person = JsonSerializer.Deserialize((string)entry.Value!, ReportsJsonContext.Default.PersonOverride);
            if (person is null || person.Lines.Count == 0)
            {
                continue;
            }

            var identity = (string)entry.Name!;
            var lines = person.Lines.Select(l => new DatedAffiliation(l.Organization, l.From, l.Until)).ToArray();
            if (identity.Contains('@', StringComparison.Ordinal))
            {
                affiliations.Add("", [identity], lines);
            }
            else
            {
                affiliations.Add(identity, [], lines);
            }

            version.Append(identity);
            foreach (var line in person.Lines)
            {
                version.Append('|').Append(line.Organization).Append('@').Append(line.From?.DayNumber).Append('-').Append(line.Until?.DayNumber);
            }

            version.Append(';');
        }

        return version.Length == 0 ? WorkspacePeople.None : new WorkspacePeople(affiliations, ReportCache.HashOf(version.ToString()));
    }
}
