namespace Momentum.Engine;

internal static class Statistics
{
    public static double Median(Span<double> values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>Median absolute deviation (unscaled).</summary>
    public static double MedianAbsoluteDeviation(ReadOnlySpan<double> values, double median)
    {
        Span<double> deviations = values.Length <= 64 ? stackalloc double[values.Length] : new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - median);
        }

        return Median(deviations);
    }

    /// <summary>The smallest number of the largest shares whose sum exceeds half the total; null when the total is 0.</summary>
    public static int? SmallestMajority(IEnumerable<int> contributions)
    {
        var sorted = contributions.Where(c => c > 0).OrderByDescending(c => c).ToArray();
        long total = 0;
        foreach (var c in sorted)
        {
            total += c;
        }

        if (total == 0)
        {
            return null;
        }

        long sum = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            sum += sorted[i];
            if (sum * 2 > total)
            {
                return i + 1;
            }
        }

        return sorted.Length;
    }
}
