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
/// <see cref="SpikeRules.MinimumOrganizations"/> end-user organisations take part.
/// </summary>
public sealed record SpikeThresholds(double Z, int ContributorFloor, int OrganizationFloor)
{
    public static SpikeThresholds For(Sensitivity sensitivity) => sensitivity switch
    {
        Sensitivity.Low => new SpikeThresholds(5.0, 5, 4),
        Sensitivity.High => new SpikeThresholds(3.0, 3, 2),
        _ => new SpikeThresholds(4.0, 4, 3),
    };
}

public static class SpikeRules
{
    public const int BaselineWeeks = 12;

    public const int MinimumOrganizations = 2;

    /// <summary>MAD is floored at this value so a flat baseline cannot divide by zero or make every blip infinite.</summary>
    public const double MadFloor = 0.5;

    /// <summary>Scales MAD to the standard deviation of a normal distribution.</summary>
    public const double MadScale = 1.4826;

    public static double RobustZ(double x, double median, double mad) => (x - median) / (MadScale * Math.Max(mad, MadFloor));
}

/// <summary>End-user activity of one week as spike detection sees it (exclusions already applied).</summary>
internal readonly record struct EndUserWeek(Week Week, bool Partial, int Contributors, IReadOnlyDictionary<string, int> Organizations, IReadOnlyList<string> Identities);

internal static class SpikeDetector
{
    public static List<Spike> Detect(IReadOnlyList<EndUserWeek> weeks, Sensitivity sensitivity)
    {
        var thresholds = SpikeThresholds.For(sensitivity);
        var spikes = new List<Spike>();
        Span<double> contributors = stackalloc double[SpikeRules.BaselineWeeks];
        Span<double> organizations = stackalloc double[SpikeRules.BaselineWeeks];
        for (var t = SpikeRules.BaselineWeeks; t < weeks.Count; t++)
        {
            var week = weeks[t];
            if (week.Partial || week.Organizations.Count < SpikeRules.MinimumOrganizations)
            {
                continue;
            }

            for (var i = 0; i < SpikeRules.BaselineWeeks; i++)
            {
                var b = weeks[t - SpikeRules.BaselineWeeks + i];
                contributors[i] = b.Contributors;
                organizations[i] = b.Organizations.Count;
            }

            var cMedian = Statistics.Median(contributors);
            var cMad = Statistics.MedianAbsoluteDeviation(contributors, cMedian);
            var oMedian = Statistics.Median(organizations);
            var oMad = Statistics.MedianAbsoluteDeviation(organizations, oMedian);
            var cZ = SpikeRules.RobustZ(week.Contributors, cMedian, cMad);
            var oZ = SpikeRules.RobustZ(week.Organizations.Count, oMedian, oMad);
            var byContributors = cZ >= thresholds.Z && week.Contributors - cMedian >= thresholds.ContributorFloor;
            var byOrganizations = oZ >= thresholds.Z && week.Organizations.Count - oMedian >= thresholds.OrganizationFloor;
            if (!byContributors && !byOrganizations)
            {
                continue;
            }

            spikes.Add(new Spike(
                week.Week.Start,
                week.Contributors,
                cMedian,
                cMad,
                Math.Round(cZ, 2),
                week.Organizations.Count,
                oMedian,
                Math.Round(oZ, 2),
                week.Organizations
                    .OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(o => new SpikeOrganization(o.Key, o.Value)).ToArray(),
                week.Identities,
                sensitivity.ToString().ToLowerInvariant()));
        }

        return spikes;
    }
}
