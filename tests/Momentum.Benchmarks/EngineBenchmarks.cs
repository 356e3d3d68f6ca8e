using BenchmarkDotNet.Attributes;
using Momentum.Engine;

namespace Momentum.Benchmarks;

/// <summary>
/// The engine's two paths: a full rebuild from raw contribution events (1,000,000 of them), and a report from cached
/// weekly aggregates (a 10,000-commit, two-year repository, and the 1,000,000-event ledger as a stress case).
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private ContributionEvent[] _events = [];
    private ActivityLedger _largeLedger = null!;
    private ActivityLedger _typicalLedger = null!;
    private ClassificationContext _context = null!;
    private Week _start;

    [GlobalSetup]
    public void Setup()
    {
        _start = Week.Of(Synthetic.AsOf).Plus(-104);
        _events = Synthetic.Events(1_000_000, identities: 3000, seed: 1);
        _largeLedger = Build(_events);
        _typicalLedger = Synthetic.StoreShaped(Build(Synthetic.Events(14_000, identities: 400, seed: 2)));
        _context = Synthetic.Context(3000);
    }

    private ActivityLedger Build(ContributionEvent[] events)
    {
        var builder = new ActivityLedgerBuilder(_start);
        foreach (var e in events)
        {
            builder.Add(e);
        }

        return builder.Build();
    }

    [Benchmark(Description = "full rebuild: 1,000,000 events -> ledger -> report")]
    public MomentumReport FullRebuild() => MomentumCalculator.Compute(Build(_events), _context, Synthetic.AsOf);

    [Benchmark(Description = "report from aggregates: typical repository (10k commits, 2 years)")]
    public MomentumReport ReportTypical() => MomentumCalculator.Compute(_typicalLedger, _context, Synthetic.AsOf);

    [Benchmark(Description = "report from aggregates: the 1,000,000-event ledger")]
    public MomentumReport ReportLarge() => MomentumCalculator.Compute(_largeLedger, _context, Synthetic.AsOf);
}

/// <summary>Deterministic synthetic histories shaped like the CNCF data: mostly generic addresses, a long tail of companies.</summary>
public static class Synthetic
{
    public static readonly DateTimeOffset AsOf = new(2026, 3, 18, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Generic = ["gmail.com", "users.noreply.github.com", "outlook.com", "qq.com"];

    public static ContributionEvent[] Events(int count, int identities, int seed)
    {
        var random = new Random(seed);
        var domains = new string?[identities];
        var bots = new bool[identities];
        for (var i = 0; i < identities; i++)
        {
            domains[i] = random.NextDouble() < 0.6 ? Generic[random.Next(Generic.Length)] : $"company{random.Next(200)}.com";
            bots[i] = i % 40 == 0;
        }

        var names = Enumerable.Range(0, identities).Select(i => bots[i] ? $"helper{i}[bot]" : $"dev{i}").ToArray();
        var start = AsOf.AddDays(-7 * 104);
        var span = (AsOf - start).TotalSeconds;
        var events = new ContributionEvent[count];
        for (var i = 0; i < count; i++)
        {
            // Skewed: a few identities do most of the work.
            var who = (int)(identities * Math.Pow(random.NextDouble(), 2.5));
            var roll = random.NextDouble();
            var kind = roll < 0.6 ? ContributionKind.Commit : roll < 0.8 ? ContributionKind.PullRequestOpened : roll < 0.95 ? ContributionKind.PullRequestMerged : ContributionKind.IssueOpened;
            events[i] = new ContributionEvent(names[who], domains[who], bots[who], kind, start.AddSeconds(random.NextDouble() * span), IsMergeCommit: kind == ContributionKind.Commit && random.NextDouble() < 0.05);
        }

        return events;
    }

    /// <summary>
    /// The ledger as the store returns it: one actor per identity, email domains as dated evidence (what the report
    /// path computes from in production).
    /// </summary>
    public static ActivityLedger StoreShaped(ActivityLedger ledger)
    {
        var actorOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var actors = new List<Actor>();
        var map = new int[ledger.Actors.Count];
        for (var a = 0; a < ledger.Actors.Count; a++)
        {
            var actor = ledger.Actors[a];
            if (!actorOf.TryGetValue(actor.Identity, out var index))
            {
                index = actors.Count;
                actorOf[actor.Identity] = index;
                actors.Add(actor with { EmailDomain = null });
            }

            map[a] = index;
        }

        var cells = ledger.Cells
            .GroupBy(c => (c.Week, Actor: map[c.Actor]))
            .Select(g => new ActivityCell(g.Key.Week, g.Key.Actor, g.Aggregate(default(ActivityCounts), (sum, c) => sum + c.Counts)))
            .OrderBy(c => c.Week.Index).ThenBy(c => c.Actor)
            .ToArray();
        var evidence = ledger.Cells
            .Where(c => ledger.Actors[c.Actor].EmailDomain is not null && c.Counts.Commits > 0)
            .GroupBy(c => (Actor: map[c.Actor], Domain: ledger.Actors[c.Actor].EmailDomain!))
            .Select(g => new DomainEvidence(g.Key.Actor, g.Key.Domain, g.Min(c => c.Week), g.Max(c => c.Week)))
            .ToArray();
        return new ActivityLedger(actors, cells, ledger.FirstResponses, ledger.HistoryStart, null, evidence);
    }

    /// <summary>Two vendors, and GitHub profiles with a company for a third of the identities (as after profile lookups).</summary>
    public static ClassificationContext Context(int identities)
    {
        Organization[] vendors = [new Organization("Company 1", ["company1.com"]), new Organization("Company 2", ["company2.com"])];
        var profiles = new Dictionary<string, ProfileFacts>(StringComparer.Ordinal);
        for (var i = 0; i < identities; i++)
        {
            profiles[$"dev{i}"] = new ProfileFacts(i % 3 == 0 ? $"@company{i % 150} Inc." : null, false);
        }

        return new ClassificationContext(new AffiliationResolver(vendors), new VendorSet(vendors), profiles: profiles);
    }
}
