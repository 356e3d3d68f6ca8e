namespace Momentum.Engine;

public enum Sensitivity
{
    Low,
    Normal,
    High,
}

/// <summary>
/// When a week counts as an end-user spike. A week fires when, against the median and MAD of the previous
/// <see cref="SpikeRules.BaselineWeeks"/> complete weeks, either its end-user contributors or its distinct end-user
/// organisations reach robust z ≥ <see cref="Z"/> and exceed the median by the absolute floor, and at least
/// <see cref="SpikeRules.MinimumOrganizations"/> end-user organisations take part. The baseline must be a real one:
/// the project had contributors in at least half of its weeks (so the weeks before a project existed, or before its
/// history starts, never make its first busy week look like a spike).
/// </summary>
public sealed record SpikeThresholds(double Z, int ContributorFloor, int OrganizationFloor)
{
    public static SpikeThresholds For(Sensitivity sensitivity) => sensitivity switch
    {
        Sensitivity.Low => new SpikeThresholds(4.0, 4, 3),
        Sensitivity.High => new SpikeThresholds(2.5, 2, 2),
        _ => new SpikeThresholds(3.0, 3, 2),
    };
}

public static class SpikeRules
{
    public const int BaselineWeeks = 12;

    public const int MinimumOrganizations = 2;

    /// <summary>Baseline weeks with any contributor at all, at least.</summary>
    public const int MinimumActiveBaselineWeeks = BaselineWeeks / 2;

    /// <summary>MAD is floored at this value so a flat baseline cannot divide by zero or make every blip infinite.</summary>
    public const double MadFloor = 0.5;

    /// <summary>Scales MAD to the standard deviation of a normal distribution.</summary>
    public const double MadScale = 1.4826;

    public static double RobustZ(double x, double median, double mad) => (x - median) / (MadScale * Math.Max(mad, MadFloor));
}

/// <summary>End-user activity of one week as spike detection sees it (exclusions already applied).</summary>
internal readonly record struct EndUserWeek(Week Week, bool Partial, int AllContributors, int Contributors, int Organizations);

internal static class SpikeDetector
{
    /// <param name="evidenceOf">The organisations and contributors of the week at an index (asked for spike weeks only).</param>
    public static List<Spike> Detect(
        IReadOnlyList<EndUserWeek> weeks,
        Sensitivity sensitivity,
        Func<int, (IReadOnlyList<SpikeOrganization> Organizations, IReadOnlyList<string> Contributors)> evidenceOf)
    {
        var thresholds = SpikeThresholds.For(sensitivity);
        var spikes = new List<Spike>();
        Span<double> contributors = stackalloc double[SpikeRules.BaselineWeeks];
        Span<double> organizations = stackalloc double[SpikeRules.BaselineWeeks];
        for (var t = SpikeRules.BaselineWeeks; t < weeks.Count; t++)
        {
            var week = weeks[t];
            if (week.Partial || week.Organizations < SpikeRules.MinimumOrganizations)
            {
                continue;
            }

            var activeBaseline = 0;
            for (var i = 0; i < SpikeRules.BaselineWeeks; i++)
            {
                var b = weeks[t - SpikeRules.BaselineWeeks + i];
                contributors[i] = b.Contributors;
                organizations[i] = b.Organizations;
                activeBaseline += b.AllContributors > 0 ? 1 : 0;
            }

            if (activeBaseline < SpikeRules.MinimumActiveBaselineWeeks)
            {
                continue;
            }

            var cMedian = Statistics.Median(contributors);
            var cMad = Statistics.MedianAbsoluteDeviation(contributors, cMedian);
            var oMedian = Statistics.Median(organizations);
            var oMad = Statistics.MedianAbsoluteDeviation(organizations, oMedian);
            var cZ = SpikeRules.RobustZ(week.Contributors, cMedian, cMad);
            var oZ = SpikeRules.RobustZ(week.Organizations, oMedian, oMad);
            var byContributors = cZ >= thresholds.Z && week.Contributors - cMedian >= thresholds.ContributorFloor;
            var byOrganizations = oZ >= thresholds.Z && week.Organizations - oMedian >= thresholds.OrganizationFloor;
            if (!byContributors && !byOrganizations)
            {
                continue;
            }

            var (organizationList, contributorList) = evidenceOf(t);
            spikes.Add(new Spike(
                week.Week.Start,
                week.Contributors,
                cMedian,
                cMad,
                Math.Round(cZ, 2),
                week.Organizations,
                oMedian,
                Math.Round(oZ, 2),
                organizationList,
                contributorList,
                sensitivity.ToString().ToLowerInvariant()));
        }

        return spikes;
    }
}
