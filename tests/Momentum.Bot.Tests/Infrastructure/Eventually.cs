using System.Diagnostics;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>Waits for a condition another thread makes true, by yielding (never by sleeping a fixed time).</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) => TrueAsync(condition, () => what, timeout);

    /// <summary>As above, describing the state at the time of failure.</summary>
    public static async Task TrueAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0}s waiting for {what()}.");
            }

            await Task.Yield();
        }
    }
}
