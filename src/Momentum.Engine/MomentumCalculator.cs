using System.Globalization;

namespace Momentum.Engine;

public sealed record ReportOptions
{
    public static ReportOptions Default { get; } = new();

    public Sensitivity Sensitivity { get; init; } = Sensitivity.Normal;

    /// <summary>Organisations left out of spike detection (a subscription's <c>exclude=</c>).</summary>
    public IReadOnlyCollection<string> ExcludedOrganizations { get; init; } = [];

    public int TopOrganizations { get; init; } = 10;
}

/// <summary>
/// Turns a project's weekly activity into its momentum report. Pure: the time is an argument, nothing is read from a
/// clock, a network or a store.
/// </summary>
public static class MomentumCalculator
{
    public const int WindowWeeks = 4;

    public static MomentumReport Compute(ActivityLedger ledger, ClassificationContext context, DateTimeOffset asOf, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(context);
        options ??= ReportOptions.Default;

        var history = ClassifiedHistory.Build(ledger, context, Week.Of(asOf));
        var weeks = WeekSeries(history);
        var window = Window(history, ledger, options);
        var score = Score(weeks);
        var excluded = ExcludedOrganizations(history, options);
        var spikes = SpikeDetector.Detect(EndUserWeeks(history, excluded), options.Sensitivity, k => SpikeEvidence(history, history.Weeks[k], excluded));
        var quality = Quality(history, weeks, window, context);
        var (stage, organizations) = PresenceCalculator.Compute(history);
        return new MomentumReport(asOf, history.First.Start, weeks, window, score, spikes, quality)
        {
            NewEndUserOrganizations = NewEndUserOrganizations(history),
            Stage = stage,
            Organizations = organizations,
        };
    }

    private static string[] NewEndUserOrganizations(ClassifiedHistory history)
    {
        var last = history.Current.Previous;
        var seenBefore = new bool[history.OrganizationNames.Count];
        var seenLast = new bool[history.OrganizationNames.Count];
        foreach (var w in history.Weeks)
        {
            if (w.Week > last)
            {
                break;
            }

            foreach (var e in w.Entries)
            {
                if (e.Class == ContributorClass.EndUser)
                {
                    (w.Week == last ? seenLast : seenBefore)[e.Organization] = true;
                }
            }
        }

        return Enumerable.Range(0, seenLast.Length)
            .Where(o => seenLast[o] && !seenBefore[o])
            .Select(o => history.OrganizationNames[o])
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    private static WeekMetrics[] WeekSeries(ClassifiedHistory history)
    {
        var result = new WeekMetrics[history.Weeks.Length];
        var stamp = new int[history.OrganizationNames.Count];
        for (var k = 0; k < history.Weeks.Length; k++)
        {
            var w = history.Weeks[k];
            int commits = 0, commitAuthors = 0, opened = 0, merged = 0, issues = 0, fresh = 0, endUser = 0, vendor = 0, unknown = 0, organizations = 0, community = 0, individual = 0;
            foreach (var e in w.Entries)
            {
                commits += e.Counts.Commits;
                commitAuthors += e.Counts.Commits > 0 ? 1 : 0;
                opened += e.Counts.PullRequestsOpened;
                merged += e.Counts.PullRequestsMerged;
                issues += e.Counts.IssuesOpened;
                fresh += history.FirstWeek[e.Identity] == w.Week.Index ? 1 : 0;
                switch (e.Class)
                {
                    case ContributorClass.EndUser:
                        endUser++;
                        if (stamp[e.Organization] != k + 1)
                        {
                            stamp[e.Organization] = k + 1;
                            organizations++;
                        }

                        break;
                    case ContributorClass.Vendor:
                        vendor++;
                        break;
                    case ContributorClass.Community:
                        community++;
                        break;
                    case ContributorClass.Individual:
                        individual++;
                        break;
                    default:
                        unknown++;
                        break;
                }
            }

            result[k] = new WeekMetrics(w.Week.Start, w.Partial, commits, commitAuthors, opened, merged, issues, w.Entries.Count, fresh, endUser, vendor, unknown, organizations, w.BotEvents)
            {
                CommunityContributors = community,
                IndividualContributors = individual,
            };
        }

        return result;
    }

    private static WindowMetrics Window(ClassifiedHistory history, ActivityLedger ledger, ReportOptions options)
    {
        var end = history.Current;
        var start = end.Plus(-WindowWeeks);
        var n = history.Identities.Length;
        var seen = new bool[n];
        var classOf = new ContributorClass[n];
        var organizationOf = new int[n];
        var contributionsOf = new int[n];
        var members = new List<int>();
        double merged = 0;
        foreach (var w in history.Range(start, end))
        {
            foreach (var e in w.Entries)
            {
                if (!seen[e.Identity])
                {
                    seen[e.Identity] = true;
                    members.Add(e.Identity);
                }

                // Class and organisation as of the identity's latest week in the window.
                classOf[e.Identity] = e.Class;
                organizationOf[e.Identity] = e.Organization;
                contributionsOf[e.Identity] += e.Counts.Total;
                merged += e.Counts.PullRequestsMerged;
            }
        }

        int endUser = 0, vendor = 0, unknown = 0, community = 0, individual = 0, fresh = 0;
        var endUserOrgs = new Dictionary<int, (int Contributors, int Contributions)>();
        var vendorOrgs = new Dictionary<int, (int Contributors, int Contributions)>();
        var knownOrgContributions = new Dictionary<int, int>();
        foreach (var identity in members)
        {
            var (cls, org, contributions) = (classOf[identity], organizationOf[identity], contributionsOf[identity]);
            if (history.FirstWeek[identity] >= start.Index)
            {
                fresh++;
            }

            switch (cls)
            {
                case ContributorClass.EndUser:
                    endUser++;
                    Add(endUserOrgs, org, contributions);
                    break;
                case ContributorClass.Vendor:
                    vendor++;
                    Add(vendorOrgs, org, contributions);
                    break;
                case ContributorClass.Community:
                    community++;
                    break;
                case ContributorClass.Individual:
                    individual++;
                    break;
                default:
                    unknown++;
                    break;
            }

            // Individuals are nobody's organisation: they do not make one "Independent" organisation of the elephant factor.
            if (cls is not ContributorClass.Unknown and not ContributorClass.Individual)
            {
                knownOrgContributions[org] = knownOrgContributions.GetValueOrDefault(org) + contributions;
            }
        }

        var active = members.Count;
        double? Share(int part) => active == 0 ? null : Math.Round((double)part / active, 4);

        var responses = ledger.FirstResponses.Where(s => s.Week >= start && s.Week < end).Select(s => s.Hours).ToArray();
        double? medianResponse = responses.Length == 0 ? null : Math.Round(Statistics.Median(responses), 1);

        return new WindowMetrics(
            start.Start,
            end.Start,
            WindowWeeks,
            active,
            PreviousActive(history, start),
            endUser,
            vendor,
            unknown,
            Share(endUser),
            Share(vendor),
            Share(unknown),
            endUserOrgs.Count,
            fresh,
            Statistics.SmallestMajority(knownOrgContributions.Values),
            Statistics.SmallestMajority(members.Select(i => contributionsOf[i])),
            Math.Round(merged / WindowWeeks, 2),
            medianResponse,
            responses.Length,
            Top(history, endUserOrgs, options.TopOrganizations),
            Top(history, vendorOrgs, options.TopOrganizations))
        {
            CommunityContributors = community,
            IndividualContributors = individual,
            CommunityShare = Share(community),
            IndividualShare = Share(individual),
        };

        static void Add(Dictionary<int, (int Contributors, int Contributions)> map, int org, int contributions)
        {
            var current = map.GetValueOrDefault(org);
            map[org] = (current.Contributors + 1, current.Contributions + contributions);
        }
    }

    /// <summary>Mean distinct contributors per 4-week block over the 12 weeks before the window (blocks inside history only).</summary>
    private static double? PreviousActive(ClassifiedHistory history, Week windowStart)
    {
        var blocks = new List<int>();
        var stamp = new int[history.Identities.Length];
        for (var b = 1; b <= MomentumScoring.BaselineWeeks / WindowWeeks; b++)
        {
            var blockStart = windowStart.Plus(-b * WindowWeeks);
            if (blockStart < history.First)
            {
                break;
            }

            var distinct = 0;
            foreach (var w in history.Range(blockStart, blockStart.Plus(WindowWeeks)))
            {
                foreach (var e in w.Entries)
                {
                    if (stamp[e.Identity] != b)
                    {
                        stamp[e.Identity] = b;
                        distinct++;
                    }
                }
            }

            blocks.Add(distinct);
        }

        return blocks.Count == 0 ? null : Math.Round(blocks.Average(), 1);
    }

    private static OrganizationActivity[] Top(ClassifiedHistory history, Dictionary<int, (int Contributors, int Contributions)> orgs, int count) =>
        orgs.OrderByDescending(o => o.Value.Contributors)
            .ThenByDescending(o => o.Value.Contributions)
            .ThenBy(o => history.OrganizationNames[o.Key], StringComparer.OrdinalIgnoreCase)
            .Take(count)
            .Select(o => new OrganizationActivity(history.OrganizationNames[o.Key], o.Value.Contributors, o.Value.Contributions))
            .ToArray();

    private static MomentumScore Score(WeekMetrics[] weeks)
    {
        // Complete weeks only; the newest complete week is the last element.
        var complete = weeks.Where(w => !w.Partial).TakeLast(MomentumScoring.RecentWeeks + MomentumScoring.BaselineWeeks).ToArray();
        double[] Series(Func<WeekMetrics, double> selector) => complete.Select(selector).ToArray();
        return MomentumScoring.Score(
        [
            Series(w => w.Contributors),
            Series(w => w.EndUserContributors),
            Series(w => w.EndUserOrganizations),
            Series(w => w.NewContributors),
            Series(w => w.PullRequestsMerged),
        ]);
    }

    private static bool[] ExcludedOrganizations(ClassifiedHistory history, ReportOptions options)
    {
        var excluded = new bool[history.OrganizationNames.Count];
        if (options.ExcludedOrganizations.Count > 0)
        {
            var keys = new HashSet<string>(options.ExcludedOrganizations.Select(OrganizationNames.Key), StringComparer.Ordinal);
            for (var o = 0; o < excluded.Length; o++)
            {
                excluded[o] = keys.Contains(OrganizationNames.Key(history.OrganizationNames[o]));
            }
        }

        return excluded;
    }

    private static List<EndUserWeek> EndUserWeeks(ClassifiedHistory history, bool[] excluded)
    {
        var result = new List<EndUserWeek>(history.Weeks.Length);
        var stamp = new int[excluded.Length];
        for (var k = 0; k < history.Weeks.Length; k++)
        {
            var w = history.Weeks[k];
            int people = 0, organizations = 0;
            foreach (var e in w.Entries)
            {
                if (e.Class != ContributorClass.EndUser || excluded[e.Organization])
                {
                    continue;
                }

                people++;
                if (stamp[e.Organization] != k + 1)
                {
                    stamp[e.Organization] = k + 1;
                    organizations++;
                }
            }

            result.Add(new EndUserWeek(w.Week, w.Partial, w.Entries.Count, people, organizations));
        }

        return result;
    }

    /// <summary>Every end-user contributor of the week (most active first), grouped by organisation too.</summary>
    private static (IReadOnlyList<SpikeOrganization>, IReadOnlyList<string>) SpikeEvidence(ClassifiedHistory history, ClassifiedWeek week, bool[] excluded)
    {
        var entries = week.Entries
            .Where(e => e.Class == ContributorClass.EndUser && !excluded[e.Organization])
            .OrderByDescending(e => e.Counts.Total).ThenBy(e => history.Identities[e.Identity], StringComparer.Ordinal)
            .ToArray();
        var organizations = entries
            .GroupBy(e => history.OrganizationNames[e.Organization], StringComparer.Ordinal)
            .Select(g => new SpikeOrganization(g.Key, g.Count())
            {
                Members = g.Select(e => history.Identities[e.Identity]).ToArray(),
                Unverified = Corroboration.IsUnverified(g.Key, g.Select(e => history.SourceAt(e.Identity, week.Week)).ToArray()),
            })
            .OrderByDescending(o => o.Contributors).ThenBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return (organizations, entries.Select(e => history.Identities[e.Identity]).ToArray());
    }

    /// <summary>
    /// Said when the score's window or its baseline covers the year-end holiday weeks, with the same 4 weeks a year
    /// earlier when the history reaches back that far: holidays read as cooling, and the weeks after them as rising.
    /// </summary>
    private static string? SeasonalCaveat(ClassifiedHistory history, WeekMetrics[] weeks)
    {
        var start = history.Current.Plus(-WindowWeeks);
        var inWindow = Covers(start, WindowWeeks);
        if (!inWindow && !Covers(start.Plus(-MomentumScoring.BaselineWeeks), MomentumScoring.BaselineWeeks))
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        var text = inWindow
            ? "The 4-week window covers the year-end holiday weeks: activity is seasonally low, so the score can read cooling."
            : "The score's 12-week baseline covers the year-end holiday weeks: the weeks after them can read rising.";
        var earlier = start.Plus(-52);
        if (earlier < history.First)
        {
            return text + " No history a year earlier to compare with.";
        }

        var (nowAll, nowEndUser) = PerWeek(start);
        var (thenAll, thenEndUser) = PerWeek(earlier);
        return text + string.Create(inv, $" A year earlier the same 4 weeks had {thenAll:0.#} contributors a week ({thenEndUser:0.#} end-user); now {nowAll:0.#} ({nowEndUser:0.#}).");

        static bool Covers(Week from, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (SpikeRules.IsYearEndHoliday(from.Plus(i)))
                {
                    return true;
                }
            }

            return false;
        }

        (double All, double EndUser) PerWeek(Week from)
        {
            var k = from.Index - history.First.Index;
            var slice = weeks.Skip(k).Take(WindowWeeks).ToArray();
            return (slice.Average(w => w.Contributors), slice.Average(w => w.EndUserContributors));
        }
    }

    private static DataQuality Quality(ClassifiedHistory history, WeekMetrics[] weeks, WindowMetrics window, ClassificationContext context)
    {
        var warnings = new List<string>();
        var completeWeeks = weeks.Count(w => !w.Partial);
        var inv = CultureInfo.InvariantCulture;
        if (completeWeeks < MomentumScoring.RecentWeeks + MomentumScoring.BaselineWeeks)
        {
            warnings.Add(string.Create(inv, $"Only {completeWeeks} complete weeks of history: the score and spikes compare against a shorter baseline."));
        }

        if ((window.Start.DayNumber - history.First.Start.DayNumber) / 7 < 26)
        {
            warnings.Add(string.Create(inv, $"History starts {history.First.Start:yyyy-MM-dd}: \"new\" contributors are new since then."));
        }

        if (SeasonalCaveat(history, weeks) is { } seasonal)
        {
            warnings.Add(seasonal);
        }

        if (window.ActiveContributors == 0)
        {
            warnings.Add("No contributor activity in the last 4 complete weeks.");
        }
        else if (window.UnknownShare >= 0.5)
        {
            warnings.Add(string.Create(inv, $"{window.UnknownShare:P0} of active contributors have no known affiliation: the end-user share is a lower bound."));
        }

        if (context.Vendors.Organizations.Count == 0)
        {
            warnings.Add("No vendor list for this project: every known organisation counts as end-user.");
        }

        if (window.FirstResponseSamples == 0)
        {
            warnings.Add("No first-response data in the window.");
        }

        var botEvents = weeks.Where(w => !w.Partial).TakeLast(WindowWeeks).Sum(w => w.BotEventsExcluded);
        return new DataQuality(window.UnknownShare, botEvents, history.First.Start, weeks.Length, warnings);
    }
}
