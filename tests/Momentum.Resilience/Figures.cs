using System.Collections.Concurrent;
using System.Globalization;

namespace Momentum.Resilience;

/// <summary>
/// The figures the suite produces, one line per fuzz target, corpus or fault: written to the test output and appended
/// to <c>resilience-figures.md</c> beside the test assembly (or to <c>MOMENTUM_RESILIENCE_REPORT</c>), which
/// <c>bench/resilience.sh</c> prints. The README's Reliability section quotes them.
/// </summary>
public static class Figures
{
    private static readonly ConcurrentQueue<string> Lines = new();
    private static readonly Lock Gate = new();

    public static string ReportPath => Environment.GetEnvironmentVariable("MOMENTUM_RESILIENCE_REPORT") is { Length: > 0 } path
        ? path
        : Path.Combine(AppContext.BaseDirectory, "resilience-figures.md");

    public static IReadOnlyCollection<string> All => Lines;

    public static void Record(ITestOutputHelper output, string line)
    {
        ArgumentNullException.ThrowIfNull(output);
        var stamped = string.Create(CultureInfo.InvariantCulture, $"- {line}");
        Lines.Enqueue(stamped);
        output.WriteLine(stamped);
        lock (Gate)
        {
            File.AppendAllLines(ReportPath, [stamped]);
        }
    }
}
