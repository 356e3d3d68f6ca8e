using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace Momentum.Resilience.Fuzzing;

/// <summary>What a fuzz run found: inputs tried, crashes (an exception or a broken property), hangs (an input still
/// running after <see cref="FuzzBudget.HangAfter"/>), and the first failure's input and error.</summary>
public sealed record FuzzResult(string Target, long Inputs, int Crashes, int Hangs, string? FirstFailure)
{
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"fuzz {Target}: {Inputs:N0} inputs, {Crashes} crashes, {Hangs} hangs");
}

/// <summary>
/// How long each fuzz target runs: <c>MOMENTUM_FUZZ_SECONDS</c> (CI: 4 s a target; <c>bench/resilience.sh</c> runs
/// longer). The generators are CsCheck's; the harness counts inputs, and treats any input still running after
/// <see cref="HangAfter"/> as a hang — the hang oracle fuzzers use, not a performance assertion.
/// </summary>
public static class FuzzBudget
{
    public static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(10);

    public static int Seconds => int.TryParse(Environment.GetEnvironmentVariable("MOMENTUM_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 4;

    /// <summary>Runs <paramref name="check"/> (which throws on a broken property) over generated inputs for the budget.</summary>
    public static FuzzResult Run<T>(string target, Gen<T> gen, Action<T> check, Func<T, string>? print = null)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(check);
        long inputs = 0;
        var crashes = 0;
        var hangs = 0;
        string? first = null;
        gen.Sample(input =>
        {
            Interlocked.Increment(ref inputs);
            var started = Stopwatch.GetTimestamp();
            try
            {
                check(input);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref crashes);
                Interlocked.CompareExchange(ref first, $"{Describe(input, print)} → {ex.GetType().Name}: {ex.Message}", null);
            }

            if (Stopwatch.GetElapsedTime(started) > HangAfter)
            {
                Interlocked.Increment(ref hangs);
                Interlocked.CompareExchange(ref first, $"{Describe(input, print)} → ran over {HangAfter.TotalSeconds:0} s", null);
            }
        }, time: Seconds);
        return new FuzzResult(target, inputs, crashes, hangs, first);
    }

    /// <summary>The asynchronous form, for inputs sent to the real endpoints; one request at a time.</summary>
    public static async Task<FuzzResult> RunAsync<T>(string target, Gen<T> gen, Func<T, Task> check, Func<T, string>? print = null)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(check);
        long inputs = 0;
        var crashes = 0;
        var hangs = 0;
        string? first = null;
        await gen.SampleAsync(async input =>
        {
            Interlocked.Increment(ref inputs);
            try
            {
                await check(input).WaitAsync(HangAfter);
            }
            catch (TimeoutException)
            {
                Interlocked.Increment(ref hangs);
                Interlocked.CompareExchange(ref first, $"{Describe(input, print)} → no answer in {HangAfter.TotalSeconds:0} s", null);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref crashes);
                Interlocked.CompareExchange(ref first, $"{Describe(input, print)} → {ex.GetType().Name}: {ex.Message}", null);
            }
        }, time: Seconds, threads: 1);
        return new FuzzResult(target, inputs, crashes, hangs, first);
    }

    /// <summary>Records the figures and fails the test when anything crashed or hung.</summary>
    public static void Report(ITestOutputHelper output, FuzzResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Figures.Record(output, result.Line);
        Assert.True(result.Inputs > 0, $"{result.Target}: no input was tried");
        Assert.True(result.Crashes == 0 && result.Hangs == 0, $"{result.Line}; first: {result.FirstFailure}");
    }

    private static string Describe<T>(T input, Func<T, string>? print)
    {
        var text = print is null ? input?.ToString() ?? "null" : print(input);
        return text.Length > 4000 ? text[..4000] + "…" : text;
    }
}
