using BenchmarkDotNet.Attributes;
using Momentum.Engine;

namespace Momentum.Benchmarks;

/// <summary>
/// The spike detector alone over 1,000 synthetic 104-week end-user series (Poisson-like weekly counts at rates from 0.2
/// to 12 a week, with an occasional burst), at normal sensitivity: one operation is all 1,000 histories, so the time
/// per history is the mean divided by 1,000.
/// </summary>
[MemoryDiagnoser]
public class SpikeBenchmarks
{
    public const int Histories = 1000;

    private EndUserWeek[][] _histories = [];

    [GlobalSetup]
    public void Setup() => _histories = SyntheticSeries(Histories, 104, seed: 7);

    [Benchmark(Description = "spike detection: 1,000 histories of 104 weeks (normal)")]
    public int DetectAll()
    {
        var spikes = 0;
        foreach (var history in _histories)
        {
            spikes += SpikeDetector.Detect(history, Sensitivity.Normal, _ => ([], [])).Count;
        }

        return spikes;
    }

    internal static EndUserWeek[][] SyntheticSeries(int count, int weeks, int seed)
    {
        var random = new Random(seed);
        var start = Week.Of(Synthetic.AsOf).Plus(-weeks);
        var result = new EndUserWeek[count][];
        for (var h = 0; h < count; h++)
        {
            var rate = 0.2 + (random.NextDouble() * 11.8);
            var series = new EndUserWeek[weeks];
            for (var w = 0; w < weeks; w++)
            {
                var contributors = Poisson(random, random.NextDouble() < 0.03 ? rate * 3 : rate);
                var organizations = contributors == 0 ? 0 : 1 + random.Next(contributors);
                series[w] = new EndUserWeek(start.Plus(w), false, contributors + Poisson(random, 5), contributors, organizations);
            }

            result[h] = series;
        }

        return result;
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }
}
