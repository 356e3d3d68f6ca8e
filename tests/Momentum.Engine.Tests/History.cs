namespace Momentum.Engine.Tests;

/// <summary>Hand-built histories: weeks are counted back from the as-of instant so tests read like timelines.</summary>
internal sealed class History
{
    // Wednesday noon, so "week 0" is the partial current week and week -1 is the newest complete week.
    public static readonly DateTimeOffset AsOf = new(2026, 3, 18, 12, 0, 0, TimeSpan.Zero);

    private readonly List<ContributionEvent> _events = [];
    private readonly List<(DateTimeOffset Opened, DateTimeOffset Responded)> _responses = [];

    public static Week CurrentWeek => Week.Of(AsOf);

    public int Weeks { get; init; } = 40;

    /// <summary>A moment (Tuesday 10:00) in the week <paramref name="weeksAgo"/> weeks before the current one.</summary>
    public static DateTimeOffset In(int weeksAgo) => CurrentWeek.Plus(-weeksAgo).StartInstant.AddDays(1).AddHours(10);

    public History Commit(string who, string? domain, int weeksAgo, int times = 1, bool bot = false, bool merge = false)
    {
        for (var i = 0; i < times; i++)
        {
            _events.Add(new ContributionEvent(who, domain, bot, ContributionKind.Commit, In(weeksAgo).AddMinutes(i), merge));
        }

        return this;
    }

    public History Event(string who, ContributionKind kind, int weeksAgo, int times = 1, bool bot = false)
    {
        for (var i = 0; i < times; i++)
        {
            _events.Add(new ContributionEvent(who, null, bot, kind, In(weeksAgo).AddMinutes(i)));
        }

        return this;
    }

    public History Response(int weeksAgo, double hours)
    {
        var opened = In(weeksAgo);
        _responses.Add((opened, opened.AddHours(hours)));
        return this;
    }

    public ActivityLedger Ledger()
    {
        var builder = new ActivityLedgerBuilder(CurrentWeek.Plus(-Weeks));
        foreach (var e in _events)
        {
            builder.Add(e);
        }

        foreach (var (opened, responded) in _responses)
        {
            builder.AddFirstResponse(opened, responded);
        }

        return builder.Build();
    }

    public static ClassificationContext Context(
        IEnumerable<Organization>? vendors = null,
        IReadOnlyDictionary<string, ProfileFacts>? profiles = null,
        IReadOnlyDictionary<string, string>? overrides = null,
        IEnumerable<Organization>? known = null)
    {
        var vendorList = (vendors ?? [new Organization("Isovalent", ["isovalent.com"])]).ToArray();
        var resolver = new AffiliationResolver((known ?? []).Concat(vendorList));
        return new ClassificationContext(resolver, new VendorSet(vendorList), overrides, profiles);
    }

    public MomentumReport Report(ClassificationContext? context = null, ReportOptions? options = null) =>
        MomentumCalculator.Compute(Ledger(), context ?? Context(), AsOf, options);
}
