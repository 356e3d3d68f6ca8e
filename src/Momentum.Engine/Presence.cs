namespace Momentum.Engine;

/// <summary>One person of an organisation on a project: a public GitHub login and the first week they contributed for it.</summary>
public sealed record OrganizationMember(string Login, DateOnly FirstWeek);

/// <summary>
/// An organisation's people on a project over the last year (<see cref="StageRule.LookbackWeeks"/> complete weeks):
/// distinct contributors, the last 13 weeks against the 13 before, and the first week anyone of it contributed in the
/// known history. <see cref="NewContributors"/>: its people whose first contribution for it is in the last 13 weeks.
/// <see cref="Members"/> names public logins only (email identities are counted, never named).
/// </summary>
public sealed record OrganizationPresence(
    string Name,
    ContributorClass Class,
    int Contributors,
    int RecentContributors,
    int PreviousContributors,
    int NewContributors,
    DateOnly FirstWeek,
    DateOnly LastWeek,
    IReadOnlyList<OrganizationMember> Members);

/// <summary>Per organisation over the last year: who, how many, since when; and from that the stage's evidence.</summary>
internal static class PresenceCalculator
{
    public const int QuarterWeeks = 13;
    public const int MaxMembers = 50;

    public static (ProjectStage Stage, OrganizationPresence[] Organizations) Compute(ClassifiedHistory history)
    {
        var end = history.Current;
        var yearStart = end.Plus(-StageRule.LookbackWeeks);
        var from = yearStart < history.First ? history.First : yearStart;
        var half = end.Plus(-StageRule.HalfWeeks);
        var quarter = end.Plus(-QuarterWeeks);
        var previousQuarter = quarter.Plus(-QuarterWeeks);
        var orgCount = history.OrganizationNames.Count;

        var classOf = new ContributorClass[orgCount];
        var firstWeek = new int[orgCount];
        var firstEndUserWeek = new int[orgCount];
        Array.Fill(firstWeek, int.MaxValue);
        Array.Fill(firstEndUserWeek, int.MaxValue);
        var memberFirst = new Dictionary<(int Org, int Identity), int>();
        foreach (var w in history.Range(history.First, end))
        {
            foreach (var e in w.Entries)
            {
                if (e.Organization < 0)
                {
                    continue;
                }

                classOf[e.Organization] = e.Class;
                firstWeek[e.Organization] = Math.Min(firstWeek[e.Organization], w.Week.Index);
                if (e.Class == ContributorClass.EndUser)
                {
                    firstEndUserWeek[e.Organization] = Math.Min(firstEndUserWeek[e.Organization], w.Week.Index);
                }

                memberFirst.TryAdd((e.Organization, e.Identity), w.Week.Index);
            }
        }

        var people = new HashSet<int>?[orgCount];
        var recent = new HashSet<int>?[orgCount];
        var previous = new HashSet<int>?[orgCount];
        var spanFirst = new int[orgCount];
        var spanLast = new int[orgCount];
        Array.Fill(spanFirst, int.MaxValue);
        Array.Fill(spanLast, int.MinValue);
        var endUserRecentHalf = new HashSet<int>();
        var endUserPreviousHalf = new HashSet<int>();
        var contributors = new HashSet<int>();
        var affiliated = new HashSet<int>();
        foreach (var w in history.Range(from, end))
        {
            foreach (var e in w.Entries)
            {
                contributors.Add(e.Identity);

                if (e.Organization < 0)
                {
                    continue;
                }

                affiliated.Add(e.Identity);
                if (e.Class == ContributorClass.EndUser)
                {
                    (w.Week >= half ? endUserRecentHalf : endUserPreviousHalf).Add(e.Organization);
                }

                (people[e.Organization] ??= []).Add(e.Identity);
                spanFirst[e.Organization] = Math.Min(spanFirst[e.Organization], w.Week.Index);
                spanLast[e.Organization] = Math.Max(spanLast[e.Organization], w.Week.Index);
                if (w.Week >= quarter)
                {
                    (recent[e.Organization] ??= []).Add(e.Identity);
                }
                else if (w.Week >= previousQuarter)
                {
                    (previous[e.Organization] ??= []).Add(e.Identity);
                }
            }
        }

        var presences = new List<OrganizationPresence>();
        var sustained = new List<(string Name, int People, bool Vendor)>();
        for (var o = 0; o < orgCount; o++)
        {
            if (people[o] is not { } members)
            {
                continue;
            }

            var name = history.OrganizationNames[o];
            var isCompany = classOf[o] is ContributorClass.Vendor or ContributorClass.EndUser;
            if (isCompany && members.Count >= StageRule.SustainedPeople && spanLast[o] - spanFirst[o] + 1 >= StageRule.SustainedSpanWeeks)
            {
                sustained.Add((name, members.Count, classOf[o] == ContributorClass.Vendor));
            }

            var logins = members
                .Where(i => !history.Identities[i].Contains('@', StringComparison.Ordinal))
                .Select(i => new OrganizationMember(history.Identities[i], new Week(memberFirst[(o, i)]).Start))
                .OrderByDescending(m => m.FirstWeek).ThenBy(m => m.Login, StringComparer.Ordinal)
                .Take(MaxMembers)
                .ToArray();
            presences.Add(new OrganizationPresence(
                name, classOf[o], members.Count, recent[o]?.Count ?? 0, previous[o]?.Count ?? 0, members.Count(i => memberFirst[(o, i)] >= quarter.Index),
                new Week(firstWeek[o]).Start, new Week(spanLast[o]).Start, logins));
        }

        var beforeCovered = history.First <= yearStart;
        var halfHasPast = history.First < half;
        var newEndUser = halfHasPast ? endUserRecentHalf.Count(o => firstEndUserWeek[o] >= half.Index) : 0;
        var ordered = sustained.OrderByDescending(s => s.People).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        var facts = new StageEvidence(
            end.Index - from.Index,
            contributors.Count,
            contributors.Count - affiliated.Count,
            endUserRecentHalf.Count,
            beforeCovered ? endUserPreviousHalf.Count : null,
            newEndUser,
            ordered.Length,
            ordered.Count(s => s.Vendor),
            ordered.Select(s => s.Name).ToArray(),
            ordered.Where(s => s.Vendor).Select(s => s.Name).ToArray());

        var organizations = presences
            .OrderByDescending(p => p.Contributors).ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return (StageRule.Decide(facts), organizations);
    }
}
