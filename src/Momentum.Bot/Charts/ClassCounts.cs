using Momentum.Engine;

namespace Momentum.Bot.Charts;

/// <summary>The order a chart stacks the classes in: every value of <see cref="ContributorClass"/>, counted by <see cref="WeekMetrics.ContributorsOf"/>.</summary>
internal static class ClassCounts
{
    /// <summary>Bottom to top: end-user first (the band is drawn against it), unknown last, the rest in enum order.</summary>
    public static readonly IReadOnlyList<ContributorClass> Stacked = Enum.GetValues<ContributorClass>()
        .OrderBy(c => c == ContributorClass.EndUser ? 0 : c == ContributorClass.Unknown ? 2 : 1)
        .ThenBy(c => (int)c)
        .ToArray();
}
