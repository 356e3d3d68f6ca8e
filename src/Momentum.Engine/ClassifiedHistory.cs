using System.Runtime.InteropServices;

namespace Momentum.Engine;

/// <summary>One non-bot identity's activity in one week, with its class and organisation that week.</summary>
internal readonly record struct ClassifiedEntry(int Identity, ActivityCounts Counts, ContributorClass Class, int Organization);

internal sealed record ClassifiedWeek(Week Week, bool Partial, List<ClassifiedEntry> Entries, int BotEvents);

/// <summary>
/// The ledger with identities unified (one person, several email domains), bots separated and every identity-week
/// classified. Affiliation is dated: when an identity's commits used several corporate domains, each week takes the
/// organisation whose range of use holds it (the most recent one), else the latest before it, else the earliest after.
/// </summary>
internal sealed class ClassifiedHistory
{
    private readonly IdentityAffiliations _affiliations;

    private ClassifiedHistory(Week first, Week current, ClassifiedWeek[] weeks, string[] identities, int[] firstWeek, List<string> organizationNames, IdentityAffiliations affiliations)
    {
        _affiliations = affiliations;
        First = first;
        Current = current;
        Weeks = weeks;
        Identities = identities;
        FirstWeek = firstWeek;
        OrganizationNames = organizationNames;
    }

    public Week First { get; }

    /// <summary>The partial week that contains the report's as-of instant.</summary>
    public Week Current { get; }

    public ClassifiedWeek[] Weeks { get; }

    public string[] Identities { get; }

    /// <summary>Per identity, the index of its first week with an event (int.MaxValue for bots).</summary>
    public int[] FirstWeek { get; }

    public List<string> OrganizationNames { get; }

    public IEnumerable<ClassifiedWeek> Range(Week from, Week toExclusive)
    {
        var a = Math.Max(0, from.Index - First.Index);
        var b = Math.Min(Weeks.Length, toExclusive.Index - First.Index);
        for (var k = a; k < b; k++)
        {
            yield return Weeks[k];
        }
    }

    public static ClassifiedHistory Build(ActivityLedger ledger, ClassificationContext context, Week current)
    {
        var first = ledger.HistoryStart <= current ? ledger.HistoryStart : current;
        var cells = CellsOf(ledger);
        var identities = UnifiedIdentities.Unify(ledger.Actors, context);
        var domainEvidence = CollectDomainEvidence(ledger, cells, identities, context, current);
        var weeks = AggregateWeeks(cells, identities, first, current);
        var organizations = new OrganizationIndex(context);
        var affiliations = new IdentityAffiliations(identities, domainEvidence, context.Resolver, context.Dated, context.People);
        Classify(weeks, affiliations, organizations);
        return new ClassifiedHistory(first, current, weeks, identities.Names, FirstWeeks(ledger, cells, identities, current), organizations.Names, affiliations);
    }

    /// <summary>Which source gave the identity its organisation in that week (the same chain <see cref="Classify"/> walks).</summary>
    public AffiliationSource SourceAt(int identity, Week week) => _affiliations.SourceAt(identity, week.Index);

    public string OrganizationName(int organization) => organization < 0 ? "" : OrganizationNames[organization];

    // Three passes go over hundreds of thousands of cells; a span costs about half of enumerating the interface.
    private static ReadOnlySpan<ActivityCell> CellsOf(ActivityLedger ledger) => ledger.Cells switch
    {
        ActivityCell[] array => array,
        List<ActivityCell> list => CollectionsMarshal.AsSpan(list),
        var other => other.ToArray(),
    };

    private static OrganizationTimeline?[] CollectDomainEvidence(ActivityLedger ledger, ReadOnlySpan<ActivityCell> cells, UnifiedIdentities identities, ClassificationContext context, Week current)
    {
        var resolver = context.Resolver;
        var domains = new OrganizationCache(resolver.OrganizationOfDomain);

        // A domain no map names that spells its user (jane@janedoe.dev) is that person's own: an individual, not an organisation.
        string? OrganizationOf(int actor, string? domain)
        {
            var organization = domains.OrganizationOf(domain);
            if (organization is null || resolver.IsMappedDomain(domain!))
            {
                return organization;
            }

            var identity = ledger.Actors[actor].Identity;
            var name = context.Profiles.TryGetValue(identity, out var profile) ? profile.Name : null;
            return PersonalDomains.Spells(organization, identity, name) ? Momentum.Engine.OrganizationNames.Independent : organization;
        }

        var actorOrganization = new string?[ledger.Actors.Count];
        for (var a = 0; a < actorOrganization.Length; a++)
        {
            actorOrganization[a] = OrganizationOf(a, ledger.Actors[a].EmailDomain);
        }

        var timelines = new OrganizationTimeline?[identities.Count];
        foreach (var item in ledger.DomainEvidence)
        {
            if (item.Actor < ledger.Actors.Count && OrganizationOf(item.Actor, item.Domain) is { } organization)
            {
                (timelines[identities.IdentityOfActor[item.Actor]] ??= new()).Add(item.First.Index, item.Last.Index, organization);
            }
        }

        foreach (var cell in cells)
        {
            if (cell.Week <= current && actorOrganization[cell.Actor] is { } organization && cell.Counts.Commits > 0)
            {
                (timelines[identities.IdentityOfActor[cell.Actor]] ??= new()).Add(cell.Week.Index, cell.Week.Index, organization);
            }
        }

        return timelines;
    }

    private static int[] FirstWeeks(ActivityLedger ledger, ReadOnlySpan<ActivityCell> cells, UnifiedIdentities identities, Week current)
    {
        var firstWeek = new int[identities.Count];
        Array.Fill(firstWeek, int.MaxValue);
        var identityOfActor = identities.IdentityOfActor;
        var isBot = identities.IsBot;
        if (ledger.ActorFirstSeen is { } known)
        {
            for (var a = 0; a < known.Count; a++)
            {
                var id = identityOfActor[a];
                if (known[a] is { } seen && !isBot[id] && seen.Index < firstWeek[id])
                {
                    firstWeek[id] = seen.Index;
                }
            }
        }

        foreach (var cell in cells)
        {
            if (cell.Week > current)
            {
                continue;
            }

            var id = identityOfActor[cell.Actor];
            if (!isBot[id] && cell.Week.Index < firstWeek[id])
            {
                firstWeek[id] = cell.Week.Index;
            }
        }

        return firstWeek;
    }

    private static ClassifiedWeek[] AggregateWeeks(ReadOnlySpan<ActivityCell> cells, UnifiedIdentities identities, Week first, Week current)
    {
        var weekCount = current.Index - first.Index + 1;
        var entries = new List<ClassifiedEntry>[weekCount];
        for (var k = 0; k < weekCount; k++)
        {
            entries[k] = [];
        }

        var botEvents = new int[weekCount];
        var identityOfActor = identities.IdentityOfActor;
        var isBot = identities.IsBot;

        // Cells come week by week, so an identity already has an entry in a week exactly when its last entry was there.
        var lastEntryWeek = new int[identities.Count];
        Array.Fill(lastEntryWeek, -1);
        var lastEntrySlot = new int[identities.Count];
        foreach (var cell in cells)
        {
            var k = cell.Week.Index - first.Index;
            if (k < 0 || k >= weekCount)
            {
                continue;
            }

            var id = identityOfActor[cell.Actor];
            if (isBot[id])
            {
                botEvents[k] += cell.Counts.Total;
                continue;
            }

            var week = entries[k];
            if (lastEntryWeek[id] != k)
            {
                lastEntryWeek[id] = k;
                lastEntrySlot[id] = week.Count;
                week.Add(new ClassifiedEntry(id, cell.Counts, ContributorClass.Unknown, OrganizationIndex.None));
            }
            else
            {
                var entry = week[lastEntrySlot[id]];
                week[lastEntrySlot[id]] = entry with { Counts = entry.Counts + cell.Counts };
            }
        }

        var weeks = new ClassifiedWeek[weekCount];
        for (var k = 0; k < weekCount; k++)
        {
            var week = first.Plus(k);
            weeks[k] = new ClassifiedWeek(week, week == current, entries[k], botEvents[k]);
        }

        return weeks;
    }

    private static void Classify(ClassifiedWeek[] weeks, IdentityAffiliations affiliations, OrganizationIndex organizations)
    {
        // Most identities have one organisation (or none) for their whole history: resolve those once.
        const int Unresolved = int.MinValue;
        var constantOrganization = new int[affiliations.Count];
        Array.Fill(constantOrganization, Unresolved);
        foreach (var week in weeks)
        {
            var entries = week.Entries;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                int organization;
                if (affiliations.HasConstantOrganization(entry.Identity))
                {
                    ref var constant = ref constantOrganization[entry.Identity];
                    if (constant == Unresolved)
                    {
                        constant = organizations.IdOf(affiliations.OrganizationAt(entry.Identity, week.Week.Index));
                    }

                    organization = constant;
                }
                else
                {
                    organization = organizations.IdOf(affiliations.OrganizationAt(entry.Identity, week.Week.Index));
                }

                entries[i] = entry with { Class = organizations.ClassOf(organization), Organization = organization };
            }
        }
    }

    private sealed class UnifiedIdentities
    {
        public required string[] Names { get; init; }

        public required int[] IdentityOfActor { get; init; }

        public required bool[] IsBot { get; init; }

        public required string?[] OverriddenOrganization { get; init; }

        public required ProfileFacts?[] Profiles { get; init; }

        /// <summary>Per identity, the organisation its public GitHub memberships name (source 4), if any.</summary>
        public required string?[] MembershipOrganization { get; init; }

        /// <summary>Per identity, the organisation its profile's public email names (source 6), if any.</summary>
        public required string?[] ProfileEmailOrganization { get; init; }

        public int Count => Names.Length;

        public static UnifiedIdentities Unify(IReadOnlyList<Actor> actors, ClassificationContext context)
        {
            var indexOfName = new Dictionary<string, int>(StringComparer.Ordinal);
            var names = new List<string>();
            var anyBotAccount = new List<bool>();
            var identityOfActor = new int[actors.Count];
            for (var a = 0; a < actors.Count; a++)
            {
                var actor = actors[a];
                if (!indexOfName.TryGetValue(actor.Identity, out var id))
                {
                    id = names.Count;
                    indexOfName[actor.Identity] = id;
                    names.Add(actor.Identity);
                    anyBotAccount.Add(false);
                }

                identityOfActor[a] = id;
                anyBotAccount[id] |= actor.IsBotAccount;
            }

            var isBot = new bool[names.Count];
            var overridden = new string?[names.Count];
            var profiles = new ProfileFacts?[names.Count];
            var memberships = new string?[names.Count];
            var profileEmails = new string?[names.Count];
            for (var id = 0; id < names.Count; id++)
            {
                var name = names[id];
                context.Profiles.TryGetValue(name, out var profile);
                profiles[id] = profile;
                if (profile is not null)
                {
                    memberships[id] = profile.Organizations.Count == 0 ? null : ProfileAffiliations.OfMemberships(profile.Organizations, context);
                    profileEmails[id] = ProfileAffiliations.OfPublicEmail(name, profile, context.Resolver);
                }

                isBot[id] = context.Bots.IsBot(name, anyBotAccount[id] || profile?.IsBot == true);
                if (context.Overrides.TryGetValue(name, out var organization) && !string.IsNullOrWhiteSpace(organization))
                {
                    overridden[id] = context.Resolver.CanonicalName(organization);
                }
            }

            return new UnifiedIdentities { Names = names.ToArray(), IdentityOfActor = identityOfActor, IsBot = isBot, OverriddenOrganization = overridden, Profiles = profiles, MembershipOrganization = memberships, ProfileEmailOrganization = profileEmails };
        }
    }

    /// <summary>
    /// The sources, first match wins: override (configured, then a person override set in chat, dated) → dated files
    /// (gitdm) → commit email domain → public GitHub organisation membership → profile company → profile public email
    /// domain. A date no override or gitdm line covers falls through.
    /// </summary>
    private sealed class IdentityAffiliations(UnifiedIdentities identities, OrganizationTimeline?[] timelines, AffiliationResolver resolver, DatedAffiliations dated, DatedAffiliations people)
    {
        private readonly OrganizationCache _companies = new(resolver.OrganizationOfCompany);
        private readonly OrganizationCache _named = new(o => o == Momentum.Engine.OrganizationNames.Independent ? o : resolver.CanonicalName(o));

        public int Count => identities.Count;

        public bool HasConstantOrganization(int identity) =>
            identities.OverriddenOrganization[identity] is not null
            || (people.LinesOf(identities.Names[identity]) is { } lines
                ? lines.Count == 1 && lines[0].From is null && lines[0].Until is null
                : timelines[identity] is not { Count: > 1 } && dated.IsConstant(identities.Names[identity]));

        // A dated line covers a week when it covers the week's Monday; a company named there is normalised like a
        // profile's ("Upbound Inc." is the vendor Upbound), Independent stays the individual, NotFound falls through.
        public AffiliationSource SourceAt(int identity, int week)
        {
            var name = identities.Names[identity];
            var day = new Week(week).Start;
            return identities.OverriddenOrganization[identity] is not null || _named.OrganizationOf(people.OrganizationAt(name, day)) is not null ? AffiliationSource.Override
                : _companies.OrganizationOf(dated.OrganizationAt(name, day)) is not null ? AffiliationSource.Gitdm
                : timelines[identity] is not null ? AffiliationSource.EmailDomain
                : identities.MembershipOrganization[identity] is not null ? AffiliationSource.GitHubOrganization
                : _companies.OrganizationOf(identities.Profiles[identity]?.Company) is not null ? AffiliationSource.ProfileCompany
                : identities.ProfileEmailOrganization[identity] is not null ? AffiliationSource.ProfileEmail
                : AffiliationSource.None;
        }

        public string? OrganizationAt(int identity, int week) =>
            identities.OverriddenOrganization[identity]
            ?? _named.OrganizationOf(people.OrganizationAt(identities.Names[identity], new Week(week).Start))
            ?? _companies.OrganizationOf(dated.OrganizationAt(identities.Names[identity], new Week(week).Start))
            ?? timelines[identity]?.OrganizationAt(week)
            ?? identities.MembershipOrganization[identity]
            ?? _companies.OrganizationOf(identities.Profiles[identity]?.Company)
            ?? identities.ProfileEmailOrganization[identity];
    }

    private sealed class OrganizationTimeline
    {
        private readonly List<OrganizationRange> _ranges = [];

        public int Count => _ranges.Count;

        public void Add(int first, int last, string organization)
        {
            for (var i = 0; i < _ranges.Count; i++)
            {
                var range = _ranges[i];
                if (string.Equals(range.Organization, organization, StringComparison.Ordinal))
                {
                    _ranges[i] = new OrganizationRange(Math.Min(range.First, first), Math.Max(range.Last, last), organization);
                    return;
                }
            }

            _ranges.Add(new OrganizationRange(first, last, organization));
        }

        public string OrganizationAt(int week)
        {
            if (_ranges.Count == 1)
            {
                return _ranges[0].Organization;
            }

            // The range holding the week (the most recently started one), else the latest before it, else the earliest after.
            OrganizationRange? holding = null, before = null, after = null;
            foreach (var range in _ranges)
            {
                if (range.First <= week && week <= range.Last)
                {
                    if (holding is not { } held || range.First > held.First)
                    {
                        holding = range;
                    }
                }
                else if (range.Last < week)
                {
                    if (before is not { } latest || range.Last > latest.Last)
                    {
                        before = range;
                    }
                }
                else
                {
                    if (after is not { } earliest || range.First < earliest.First)
                    {
                        after = range;
                    }
                }
            }

            return (holding ?? before ?? after)!.Value.Organization;
        }
    }

    private readonly record struct OrganizationRange(int First, int Last, string Organization);

    private sealed class OrganizationCache(Func<string, string?> resolve)
    {
        private readonly Dictionary<string, string?> _organizations = new(StringComparer.Ordinal);

        public string? OrganizationOf(string? domainOrCompany)
        {
            if (domainOrCompany is null)
            {
                return null;
            }

            if (!_organizations.TryGetValue(domainOrCompany, out var organization))
            {
                organization = resolve(domainOrCompany);
                _organizations[domainOrCompany] = organization;
            }

            return organization;
        }
    }

    private sealed class OrganizationIndex(ClassificationContext context)
    {
        public const int None = -1;

        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<ContributorClass> _classes = [];

        public List<string> Names { get; } = [];

        public int IdOf(string? organization)
        {
            if (organization is null)
            {
                return None;
            }

            if (!_ids.TryGetValue(organization, out var id))
            {
                id = Names.Count;
                _ids[organization] = id;
                Names.Add(organization);
                _classes.Add(context.ClassOf(organization));
            }

            return id;
        }

        public ContributorClass ClassOf(int id) => id == None ? ContributorClass.Unknown : _classes[id];
    }
}
