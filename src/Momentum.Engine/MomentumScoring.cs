using System.Globalization;

namespace Momentum.Engine;

/// <summary>
/// The momentum score, 0–100. For each term i, r₄ is its per-week rate over the last 4 complete weeks and r₁₂ over the
/// 12 weeks before them; gᵢ = log₂((r₄ + 1) / (r₁₂ + 1)); score = round(50 + 50·tanh(Σ wᵢgᵢ)).
/// Terms and weights: active contributors 0.20, end-user contributors 0.30, end-user organisations 0.20,
/// new contributors 0.15, merged pull requests 0.15. Trend: rising ≥ 60, cooling ≤ 40, steady between.
/// Drivers: the terms with the largest |wᵢgᵢ|, in words. Stars never enter it.
/// </summary>
public static class MomentumScoring
{
    public const int RecentWeeks = 4;

    public const int BaselineWeeks = 12;

    public static readonly IReadOnlyList<(string Name, double Weight)> Terms =
    [
        ("active contributors", 0.20),
        ("end-user contributors", 0.30),
        ("end-user organisations", 0.20),
        ("new contributors", 0.15),
        ("merged PRs", 0.15),
    ];

    /// <summary>Scores per-week series (oldest first, complete weeks only, the last one being the newest complete week).</summary>
    public static MomentumScore Score(IReadOnlyList<double[]> seriesPerTerm)
    {
        ArgumentNullException.ThrowIfNull(seriesPerTerm);
        var terms = new ScoreTerm[Terms.Count];
        double sum = 0;
        for (var i = 0; i < Terms.Count; i++)
        {
            var series = seriesPerTerm[i];
            var recent = Mean(series, Math.Max(0, series.Length - RecentWeeks), series.Length);
            var baselineEnd = Math.Max(0, series.Length - RecentWeeks);
            var baseline = Mean(series, Math.Max(0, baselineEnd - BaselineWeeks), baselineEnd);
            var growth = Math.Log2((recent + 1) / (baseline + 1));
            var contribution = Terms[i].Weight * growth;
            sum += contribution;
            terms[i] = new ScoreTerm(Terms[i].Name, Terms[i].Weight, Math.Round(recent, 2), Math.Round(baseline, 2), Math.Round(growth, 3), Math.Round(contribution, 3), Describe(Terms[i].Name, recent, baseline));
        }

        var score = (int)Math.Round(50 + (50 * Math.Tanh(sum)), MidpointRounding.AwayFromZero);
        var trend = score >= 60 ? Trend.Rising : score <= 40 ? Trend.Cooling : Trend.Steady;
        var drivers = terms
            .Where(t => Math.Abs(t.Contribution) >= 0.005)
            .OrderByDescending(t => Math.Abs(t.Contribution))
            .Take(3)
            .Select(t => t.Text)
            .ToArray();
        return new MomentumScore(score, trend, drivers, terms);
    }

    private static string Describe(string name, double recent, double baseline) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {Rate(recent)}/wk vs {Rate(baseline)}/wk");

    private static string Rate(double value) =>
        value >= 10 || Math.Abs(value - Math.Round(value)) < 0.05
            ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.#", CultureInfo.InvariantCulture);

    private static double Mean(double[] series, int from, int to)
    {
        if (to <= from)
        {
            return 0;
        }

        double sum = 0;
        for (var i = from; i < to; i++)
        {
            sum += series[i];
        }

        return sum / (to - from);
    }
}
