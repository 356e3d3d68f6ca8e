using System.Diagnostics;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// Waits for a condition another thread makes true. It looks again every millisecond or so: a condition, never a
/// duration, decides when it ends. (It used to look again at once, after a yield, which kept a core busy for as long
/// as it waited and starved the very work it waited for when several tests waited at once on a two-core machine.)
/// </summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) => TrueAsync(condition, () => what, timeout);

    /// <summary>As above, for a condition read from elsewhere (Redis, a server): each look is one round trip.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed <= limit, $"Timed out after {limit.TotalSeconds:0}s waiting for {what}.");
            await Task.Delay(1);
        }
    }

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

            await Task.Delay(1);
        }
    }
}
