namespace Momentum.Engine;

public enum Sensitivity
{
    Low,
    Normal,
    High,
}

/// <summary>
/// What a week must show, on each of the two measures (end-user contributors and distinct end-user organisations),
/// to count as a spike: a tail probability at most <see cref="TailProbability"/> under the baseline's count model,
/// and a lift over the baseline rate of at least the larger of the absolute floor and <see cref="RelativeLift"/> × the rate.
/// </summary>
public sealed record SpikeThresholds(double TailProbability, int ContributorLift, int OrganizationLift, double RelativeLift)
{
    public static SpikeThresholds For(Sensitivity sensitivity) => sensitivity switch
    {
        Sensitivity.Low => new SpikeThresholds(0.01, 4, 3, 1.0),
        Sensitivity.High => new SpikeThresholds(0.2, 2, 2, 0.25),
        _ => new SpikeThresholds(0.05, 3, 2, 0.5),
    };

    public double RequiredLift(double baseline, int floor) => Math.Max(floor, RelativeLift * baseline);
}

public static class SpikeRules
{
    /// <summary>The baseline: up to this many complete weeks before the week, holiday weeks left out.</summary>
    public const int BaselineWeeks = 26;

    /// <summary>No spike until this many complete weeks have passed since the repository's first real event.</summary>
    public const int MinimumHistoryWeeks = 12;

    public const int MinimumOrganizations = 2;

    /// <summary>A baseline's level and spread as the detector reads it: mean and standard deviation without its highest 1 in 12 weeks.</summary>
    public static (double Level, double Spread) Baseline(IEnumerable<double> weeks)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        var values = weeks.ToArray();
        return SpikeDetector.RobustRate(values);
    }

    /// <summary>A spike week at most this many weeks after the previous one continues its episode (one quiet week between).</summary>
    public const int EpisodeGap = 2;

    /// <summary>The year-end holiday weeks: the ISO week holding 25 December and the one holding 1 January.</summary>
    public static bool IsYearEndHoliday(Week week)
    {
        var start = week.Start;
        var end = start.AddDays(6);
        return Holds(start, end, new DateOnly(start.Year, 12, 25)) || Holds(start, end, new DateOnly(end.Year, 1, 1));

        static bool Holds(DateOnly from, DateOnly to, DateOnly day) => day >= from && day <= to;
    }
}

/// <summary>End-user activity of one week as spike detection sees it (exclusions already applied).</summary>
internal readonly record struct EndUserWeek(Week Week, bool Partial, int AllContributors, int Contributors, int Organizations);

/// <summary>
/// The count-aware spike test. For week t, each measure's baseline is the up-to-26 complete weeks before it (since the
/// repository's first real event, year-end holiday weeks left out); its rate is the mean of those weeks without the
/// highest 1 in 12 (so one earlier spike cannot hide the next) and its spread their standard deviation. The week's
/// count is scored by its upper tail probability under a negative binomial with that mean and variance (Poisson when
/// the baseline is not over-dispersed). A week is a spike when both measures cross the thresholds and at least two
/// end-user organisations take part.
/// </summary>
internal static class SpikeDetector
{
    /// <param name="evidenceOf">The organisations and contributors of the week at an index (asked for spike weeks only).</param>
    public static List<Spike> Detect(
        IReadOnlyList<EndUserWeek> weeks,
        Sensitivity sensitivity,
        Func<int, (IReadOnlyList<SpikeOrganization> Organizations, IReadOnlyList<string> Contributors)> evidenceOf)
    {
        var thresholds = SpikeThresholds.For(sensitivity);
        var level = sensitivity.ToString().ToLowerInvariant();
        var spikes = new List<Spike>();
        var first = -1;
        for (var i = 0; i < weeks.Count && first < 0; i++)
        {
            first = weeks[i].AllContributors > 0 ? i : -1;
        }

        if (first < 0)
        {
            return spikes;
        }

        Span<double> contributors = stackalloc double[SpikeRules.BaselineWeeks];
        Span<double> organizations = stackalloc double[SpikeRules.BaselineWeeks];
        var lastSpike = int.MinValue;
        for (var t = first + SpikeRules.MinimumHistoryWeeks; t < weeks.Count; t++)
        {
            var week = weeks[t];
            if (week.Partial || week.Organizations < SpikeRules.MinimumOrganizations)
            {
                continue;
            }

            var n = 0;
            var holidays = 0;
            for (var i = t - 1; i >= first && n < SpikeRules.BaselineWeeks; i--)
            {
                var b = weeks[i];
                if (b.Partial)
                {
                    continue;
                }

                if (SpikeRules.IsYearEndHoliday(b.Week))
                {
                    holidays++;
                    continue;
                }

                contributors[n] = b.Contributors;
                organizations[n] = b.Organizations;
                n++;
            }

            var byContributors = Measure(SpikeMeasure.ContributorsName, week.Contributors, contributors[..n], thresholds, thresholds.ContributorLift);
            if (!byContributors.Fired)
            {
                continue;
            }

            var byOrganizations = Measure(SpikeMeasure.OrganizationsName, week.Organizations, organizations[..n], thresholds, thresholds.OrganizationLift);
            if (!byOrganizations.Fired)
            {
                continue;
            }

            var continues = t - lastSpike <= SpikeRules.EpisodeGap && spikes.Count > 0;
            var episodeStart = continues ? spikes[^1].EpisodeStart : week.Week.Start;
            var episodeWeek = continues ? spikes[^1].EpisodeWeek + 1 : 1;
            lastSpike = t;
            var (organizationList, contributorList) = evidenceOf(t);
            spikes.Add(new Spike(week.Week.Start, week.Contributors, week.Organizations, byContributors, byOrganizations, n, organizationList, contributorList, level)
            {
                EpisodeStart = episodeStart,
                EpisodeWeek = episodeWeek,
                Season = Season(weeks, t, first, holidays),
            });
        }

        return spikes;
    }

    private static SpikeMeasure Measure(string name, int count, Span<double> baseline, SpikeThresholds thresholds, int floor)
    {
        var (rate, spread) = RobustRate(baseline);
        var lift = count - rate;
        var required = thresholds.RequiredLift(rate, floor);
        // Most weeks fail the lift: the tail is only worked out for those that pass it.
        var lifted = lift >= required - 1e-9;
        var tail = lifted ? CountTail.AtLeast(count, rate, spread * spread) : double.NaN;
        var fired = lifted && tail <= thresholds.TailProbability;
        return new SpikeMeasure(name, count, Math.Round(rate, 2), Math.Round(spread, 2), tail, Math.Round(lift, 2), Math.Round(required, 2), fired);
    }

    /// <summary>Mean and standard deviation of the baseline without its highest 1 in 12 weeks.</summary>
    internal static (double Mean, double Spread) RobustRate(Span<double> baseline)
    {
        if (baseline.Length == 0)
        {
            return (0, 0);
        }

        baseline.Sort();
        var kept = baseline[..(baseline.Length - (baseline.Length / 12))];
        double sum = 0;
        foreach (var v in kept)
        {
            sum += v;
        }

        var mean = sum / kept.Length;
        double squares = 0;
        foreach (var v in kept)
        {
            squares += (v - mean) * (v - mean);
        }

        return (mean, kept.Length > 1 ? Math.Sqrt(squares / (kept.Length - 1)) : 0);
    }

    private static SpikeSeason? Season(IReadOnlyList<EndUserWeek> weeks, int t, int first, int holidaysLeftOut)
    {
        var inHolidays = SpikeRules.IsYearEndHoliday(weeks[t].Week);
        if (holidaysLeftOut == 0 && !inHolidays)
        {
            return null;
        }

        var yearEarlier = t - 52 >= first ? weeks[t - 52] : (EndUserWeek?)null;
        return new SpikeSeason(inHolidays, holidaysLeftOut, yearEarlier?.Week.Start, yearEarlier?.Contributors, yearEarlier?.Organizations);
    }
}

/// <summary>Upper tail probabilities of weekly counts.</summary>
internal static class CountTail
{
    /// <summary>
    /// P(X ≥ x) for a count X with this mean and variance: a negative binomial when the variance exceeds the mean
    /// (weeks vary more than chance alone), otherwise Poisson.
    /// </summary>
    public static double AtLeast(int x, double mean, double variance)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (mean <= 0)
        {
            return 0;
        }

        // pmf(0), then pmf(k+1) = pmf(k) · ratio(k): no logarithms per term. Far above any weekly count a project has
        // (a mean of hundreds), pmf(0) underflows; such a week is then scored in log space.
        var poisson = variance <= mean * (1 + 1e-9);
        double size = 0, success = 0, logPmf;
        if (poisson)
        {
            logPmf = -mean;
        }
        else
        {
            size = mean * mean / (variance - mean);
            success = size / (size + mean);
            logPmf = size * Math.Log(success);
        }

        double below = 0;
        if (logPmf > -700)
        {
            var pmf = Math.Exp(logPmf);
            for (var k = 0; k < x; k++)
            {
                below += pmf;
                pmf *= poisson ? mean / (k + 1) : (k + size) / (k + 1) * (1 - success);
            }
        }
        else
        {
            for (var k = 0; k < x; k++)
            {
                below += Math.Exp(logPmf);
                logPmf += poisson ? Math.Log(mean / (k + 1)) : Math.Log((k + size) / (k + 1) * (1 - success));
            }
        }

        return Math.Clamp(1 - below, 0, 1);
    }
}
