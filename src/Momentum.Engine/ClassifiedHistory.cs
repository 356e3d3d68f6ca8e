namespace Momentum.Engine;

/// <summary>One non-bot identity's activity in one week, with its class and organisation that week.</summary>
internal readonly record struct ClassifiedEntry(int Identity, ActivityCounts Counts, ContributorClass Class, int Organization);

internal sealed record ClassifiedWeek(Week Week, bool Partial, List<ClassifiedEntry> Entries, int BotEvents);

/// <summary>
/// The ledger with identities unified (one person, several email domains), bots separated and every identity-week
/// classified. Affiliation is dated: when an identity's commits used several corporate domains, each week takes the
/// organisation of its latest evidence at or before it (else the earliest after it).
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
        var profileOrg = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var identity = identities[i];
            context.Profiles.TryGetValue(identity, out var profile);
            isBot[i] = context.Bots.IsBot(identity, botAccount[i] || profile?.IsBot == true);
            if (context.Overrides.TryGetValue(identity, out var overridden) && !string.IsNullOrWhiteSpace(overridden))
            {
                fixedOrg[i] = resolver.CanonicalName(overridden);
                hasOverride[i] = true;
            }

            profileOrg[i] = profile is null ? null : resolver.OrganizationOfCompany(profile.Company);
        }

        // Corporate email evidence per actor, and which identities have more than one organisation by email.
        var actorOrg = new string?[ledger.Actors.Count];
        var emailOrgs = new string?[n];
        var multiOrg = new bool[n];
        for (var a = 0; a < ledger.Actors.Count; a++)
        {
            var org = resolver.OrganizationOfDomain(ledger.Actors[a].EmailDomain);
            actorOrg[a] = org;
            if (org is null)
            {
                continue;
            }

            var id = identityOfActor[a];
            if (emailOrgs[id] is null)
            {
                emailOrgs[id] = org;
            }
            else if (!string.Equals(emailOrgs[id], org, StringComparison.Ordinal))
            {
                multiOrg[id] = true;
            }
        }

        // First weeks, and dated evidence for identities with several email organisations.
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

        Dictionary<int, List<(int Week, string Org)>>? timelines = null;
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

            if (multiOrg[id] && actorOrg[cell.Actor] is { } org)
            {
                timelines ??= [];
                if (!timelines.TryGetValue(id, out var list))
                {
                    timelines[id] = list = [];
                }

                list.Add((cell.Week.Index, org));
            }
        }

        if (timelines is not null)
        {
            foreach (var list in timelines.Values)
            {
                list.Sort((x, y) => x.Week.CompareTo(y.Week));
            }
        }

        string? OrganizationAt(int id, int week)
        {
            if (hasOverride[id])
            {
                return fixedOrg[id];
            }

            if (emailOrgs[id] is { } single)
            {
                if (!multiOrg[id] || timelines is null || !timelines.TryGetValue(id, out var evidence))
                {
                    return single;
                }

                var chosen = evidence[0].Org;
                foreach (var (w, org) in evidence)
                {
                    if (w > week)
                    {
                        break;
                    }

                    chosen = org;
                }

                return chosen;
            }

            return profileOrg[id];
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

        for (var k = 0; k < weekCount; k++)
        {
            var entries = weeks[k].Entries;
            for (var i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                var org = OrganizationAt(e.Identity, first.Index + k);
                var cls = ContributorClass.Unknown;
                var orgId = -1;
                if (org is not null)
                {
                    if (!organizationIndex.TryGetValue(org, out orgId))
                    {
                        orgId = organizationNames.Count;
                        organizationIndex[org] = orgId;
                        organizationNames.Add(org);
                        organizationClasses.Add(context.ClassOf(org));
                    }

                    cls = organizationClasses[orgId];
                }

                entries[i] = e with { Class = cls, Organization = orgId };
            }

            if (botEvents[k] != 0)
            {
                weeks[k] = weeks[k] with { BotEvents = botEvents[k] };
            }
        }

        return new ClassifiedHistory(first, current, weeks, identities.ToArray(), firstWeek, organizationNames);
    }
}
