namespace Momentum.Benchmarks;

/// <summary>The benchmark's four charts written as files, to look at what is measured.</summary>
internal static class ChartFiles
{
    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var charts = new ChartBenchmarks();
        charts.Setup();
        foreach (var chart in new[] { charts.Card(), charts.Compare(), charts.Alert(), charts.Summary() })
        {
            var path = Path.GetFullPath(Path.Combine(directory, $"chart-{chart.Kind}.png"));
            File.WriteAllBytes(path, chart.Png);
            Console.WriteLine($"{path}: {chart.Png.Length:N0} bytes");
        }
    }
}
