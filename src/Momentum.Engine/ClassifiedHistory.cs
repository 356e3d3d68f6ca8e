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
    private ClassifiedHistory(Week first, Week current, ClassifiedWeek[] weeks, string[] identities, int[] firstWeek, List<string> organizationNames)
    {
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
        var resolver = context.Resolver;

        // Identities and bots.
        var identityIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var identities = new List<string>();
        var identityOfActor = new int[ledger.Actors.Count];
        var botAccount = new List<bool>();
        for (var a = 0; a < ledger.Actors.Count; a++)
        {
            var actor = ledger.Actors[a];
            if (!identityIndex.TryGetValue(actor.Identity, out var id))
            {
                id = identities.Count;
                identityIndex[actor.Identity] = id;
                identities.Add(actor.Identity);
                botAccount.Add(false);
            }

            identityOfActor[a] = id;
            botAccount[id] |= actor.IsBotAccount;
        }

        var n = identities.Count;
        var isBot = new bool[n];
        var fixedOrg = new string?[n];
        var hasOverride = new bool[n];
        var profiles = new ProfileFacts?[n];
        for (var i = 0; i < n; i++)
        {
            var identity = identities[i];
            context.Profiles.TryGetValue(identity, out var profile);
            profiles[i] = profile;
            isBot[i] = context.Bots.IsBot(identity, botAccount[i] || profile?.IsBot == true);
            if (context.Overrides.TryGetValue(identity, out var overridden) && !string.IsNullOrWhiteSpace(overridden))
            {
                fixedOrg[i] = resolver.CanonicalName(overridden);
                hasOverride[i] = true;
            }
        }

        // Profile companies are normalised only for identities that reach that rule, once each.
        var profileOrg = new string?[n];
        var profileDone = new bool[n];
        var companyOrgs = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? ProfileOrganization(int id)
        {
            if (!profileDone[id])
            {
                profileDone[id] = true;
                if (profiles[id]?.Company is { } company)
                {
                    if (!companyOrgs.TryGetValue(company, out var org))
                    {
                        org = resolver.OrganizationOfCompany(company);
                        companyOrgs[company] = org;
                    }

                    profileOrg[id] = org;
                }
            }

            return profileOrg[id];
        }

        // Corporate email evidence, dated: an actor's own domain over the weeks of its cells, plus explicit ranges.
        var domainOrgs = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? DomainOrganization(string? domain)
        {
            if (domain is null)
            {
                return null;
            }

            if (!domainOrgs.TryGetValue(domain, out var org))
            {
                org = resolver.OrganizationOfDomain(domain);
                domainOrgs[domain] = org;
            }

            return org;
        }

        var actorOrg = new string?[ledger.Actors.Count];
        for (var a = 0; a < ledger.Actors.Count; a++)
        {
            actorOrg[a] = DomainOrganization(ledger.Actors[a].EmailDomain);
        }

        var evidence = new List<(int First, int Last, string Org)>?[n];
        void Evidence(int id, int first, int last, string org)
        {
            var list = evidence[id] ??= [];
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i].Org, org, StringComparison.Ordinal))
                {
                    list[i] = (Math.Min(list[i].First, first), Math.Max(list[i].Last, last), org);
                    return;
                }
            }

            list.Add((first, last, org));
        }

        foreach (var item in ledger.DomainEvidence)
        {
            if (item.Actor < ledger.Actors.Count && DomainOrganization(item.Domain) is { } org)
            {
                Evidence(identityOfActor[item.Actor], item.First.Index, item.Last.Index, org);
            }
        }

        var firstWeek = new int[n];
        Array.Fill(firstWeek, int.MaxValue);
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

        foreach (var cell in ledger.Cells)
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

            if (actorOrg[cell.Actor] is { } org && cell.Counts.Commits > 0)
            {
                Evidence(id, cell.Week.Index, cell.Week.Index, org);
            }
        }

        string? OrganizationAt(int id, int week)
        {
            if (hasOverride[id])
            {
                return fixedOrg[id];
            }

            if (evidence[id] is not { Count: > 0 } ranges)
            {
                return ProfileOrganization(id);
            }

            if (ranges.Count == 1)
            {
                return ranges[0].Org;
            }

            // The range holding the week (the most recently started one), else the latest before it, else the earliest after.
            (int First, int Last, string Org)? holding = null, before = null, after = null;
            foreach (var r in ranges)
            {
                if (r.First <= week && week <= r.Last)
                {
                    holding = holding is { } h && h.First >= r.First ? h : r;
                }
                else if (r.Last < week)
                {
                    before = before is { } b && b.Last >= r.Last ? b : r;
                }
                else
                {
                    after = after is { } x && x.First <= r.First ? x : r;
                }
            }

            return (holding ?? before ?? after)!.Value.Org;
        }

        // Weeks: aggregate each identity's actors, classify.
        var weekCount = current.Index - first.Index + 1;
        var weeks = new ClassifiedWeek[weekCount];
        for (var k = 0; k < weekCount; k++)
        {
            var week = first.Plus(k);
            weeks[k] = new ClassifiedWeek(week, week == current, [], 0);
        }

        var organizationIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var organizationNames = new List<string>();
        var organizationClasses = new List<ContributorClass>();
        var stamp = new int[n];
        Array.Fill(stamp, -1);
        var slot = new int[n];
        var botEvents = new int[weekCount];
        foreach (var cell in ledger.Cells)
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

            var entries = weeks[k].Entries;
            if (stamp[id] != k)
            {
                stamp[id] = k;
                slot[id] = entries.Count;
                entries.Add(new ClassifiedEntry(id, cell.Counts, ContributorClass.Unknown, -1));
            }
            else
            {
                var e = entries[slot[id]];
                entries[slot[id]] = e with { Counts = e.Counts + cell.Counts };
            }
        }

        int OrganizationId(string? org)
        {
            if (org is null)
            {
                return -1;
            }

            if (!organizationIndex.TryGetValue(org, out var orgId))
            {
                orgId = organizationNames.Count;
                organizationIndex[org] = orgId;
                organizationNames.Add(org);
                organizationClasses.Add(context.ClassOf(org));
            }

            return orgId;
        }

        // Most identities have one organisation (or none) for their whole history: resolve those once.
        var constantOrganization = new int[n];
        Array.Fill(constantOrganization, int.MinValue);
        for (var k = 0; k < weekCount; k++)
        {
            var entries = weeks[k].Entries;
            for (var i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                int orgId;
                if (hasOverride[e.Identity] || evidence[e.Identity] is not { Count: > 1 })
                {
                    if (constantOrganization[e.Identity] == int.MinValue)
                    {
                        constantOrganization[e.Identity] = OrganizationId(OrganizationAt(e.Identity, first.Index + k));
                    }

                    orgId = constantOrganization[e.Identity];
                }
                else
                {
                    orgId = OrganizationId(OrganizationAt(e.Identity, first.Index + k));
                }

                entries[i] = e with { Class = orgId < 0 ? ContributorClass.Unknown : organizationClasses[orgId], Organization = orgId };
            }

            if (botEvents[k] != 0)
            {
                weeks[k] = weeks[k] with { BotEvents = botEvents[k] };
            }
        }

        return new ClassifiedHistory(first, current, weeks, identities.ToArray(), firstWeek, organizationNames);
    }
}
