using System.Reflection;
using Momentum.Engine;

namespace Momentum.Bot.Charts;

/// <summary>
/// A week's contributors of each class, for every value of <see cref="ContributorClass"/>: a class <c>X</c> is counted
/// by <see cref="WeekMetrics"/>' <c>XContributors</c>, so a class the engine adds is drawn without a change here.
/// </summary>
internal static class ClassCounts
{
    /// <summary>Bottom to top: end-user first (the band is drawn against it), unknown last, the rest in enum order.</summary>
    public static readonly IReadOnlyList<ContributorClass> Stacked = Enum.GetValues<ContributorClass>()
        .OrderBy(c => c == ContributorClass.EndUser ? 0 : c == ContributorClass.Unknown ? 2 : 1)
        .ThenBy(c => (int)c)
        .ToArray();

    private static readonly Dictionary<ContributorClass, Func<WeekMetrics, int>> Readers = Stacked.ToDictionary(c => c, Reader);

    public static int Of(WeekMetrics week, ContributorClass c) => Readers[c](week);

    private static Func<WeekMetrics, int> Reader(ContributorClass c)
    {
        var property = typeof(WeekMetrics).GetProperty($"{c}Contributors", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"WeekMetrics has no {c}Contributors count: the charts cannot draw the class {c}.");
        return property.GetMethod!.CreateDelegate<Func<WeekMetrics, int>>();
    }
}
