using System.Globalization;

namespace Momentum.Engine;

/// <summary>What the discovery rule read for one candidate, and what it made of it.</summary>
/// <param name="Recent">End-user contributor-weeks plus end-user organisation-weeks over the last 13 complete weeks.</param>
/// <param name="Before">The same over the 13 complete weeks before them.</param>
/// <param name="NewOrganizations">End-user organisations that arrived in the last 13 weeks (<see cref="DiscoveryRule.NewOrganizations"/>).</param>
/// <param name="Growth">(Recent − Before) / Before; null when there was nothing before.</param>
/// <param name="Score">The ranking key: (Recent − Before) / √max(Before, 1) + NewOrganizations.</param>
public sealed record DiscoveryMomentum(int Recent, int Before, int NewOrganizations, double? Growth, double Score, string Reason);

/// <summary>
/// The discovery rule: candidates rank by end-user momentum over the last 26 complete weeks. Each week counts its
/// end-user contributors and end-user organisations; the last 13 weeks are compared with the 13 before. The score is
/// the rise divided by the square root of the earlier level (so 2 → 8 outranks 100 → 106, but 0 → 1 does not outrank
/// 20 → 40), plus one point for every end-user organisation that arrived in the last 13 weeks (active in them, absent
/// from the 13 before: the rule reads only these 26 weeks, so a candidate ranks the same on a 26-week history as on a
/// 104-week one). Stars play no part: they lag.
/// </summary>
public static class DiscoveryRule
{
    public const int HalfWeeks = 13;

    /// <summary>End-user organisations with contributors in the last 13 weeks and none in the 13 before.</summary>
    public static int NewOrganizations(IEnumerable<OrganizationPresence> organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        return organizations.Count(o => o.Class == ContributorClass.EndUser && o.RecentContributors > 0 && o.PreviousContributors == 0);
    }

    public static DiscoveryMomentum Measure(IReadOnlyList<WeekMetrics> weeks, int newOrganizations)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        var complete = weeks.Where(w => !w.Partial).TakeLast(2 * HalfWeeks).ToList();
        var recentWeeks = complete.TakeLast(HalfWeeks).ToList();
        var beforeWeeks = complete.Take(Math.Max(complete.Count - HalfWeeks, 0)).ToList();
        var recent = recentWeeks.Sum(w => w.EndUserContributors + w.EndUserOrganizations);
        var before = beforeWeeks.Sum(w => w.EndUserContributors + w.EndUserOrganizations);
        double? growth = before == 0 ? null : (recent - before) / (double)before;
        var score = (recent - before) / Math.Sqrt(Math.Max(before, 1)) + newOrganizations;
        return new DiscoveryMomentum(recent, before, newOrganizations, growth, Math.Round(score, 2), Reason(recent, before, growth, newOrganizations));
    }

    private static string Reason(int recent, int before, double? growth, int newOrganizations)
    {
        var inv = CultureInfo.InvariantCulture;
        var change = growth switch
        {
            null when recent == 0 => "no end-user activity in 26 weeks",
            null => string.Create(inv, $"end-user activity from nothing to {recent}"),
            { } g when g >= 0 => string.Create(inv, $"end-user activity +{g * 100:0}%"),
            { } g => string.Create(inv, $"end-user activity −{-g * 100:0}%"),
        };
        var counts = before == 0 && recent == 0 ? "" : string.Create(inv, $" ({recent} vs {before} contributor- and organisation-weeks, 13 wk on 13)");
        var arrivals = newOrganizations switch
        {
            0 => "",
            1 => ", 1 new end-user organisation",
            var n => string.Create(inv, $", {n} new end-user organisations"),
        };
        return change + counts + arrivals;
    }
}
