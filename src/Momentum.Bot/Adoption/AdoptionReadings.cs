using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;

namespace Momentum.Bot.Adoption;

/// <summary>
/// What a card or the API shows for a project: per package and enabled source, the stored number with the day it was
/// measured, or "unavailable" and why — the latest fetch failed, nothing was read yet, or the reading is older than
/// <c>Adoption__StaleAfter</c> (an old number is never shown as a current one). Reads Redis only; never fetches.
/// </summary>
public sealed class AdoptionReadings(AdoptionRefresher refresher, AdoptionStore store, IOptions<AdoptionOptions> options, TimeProvider time)
{
    /// <summary>
    /// How long a project's lines are kept in memory: readings change at most every <c>Adoption__MaxAge</c>, and a card
    /// asked many times a second should not read Redis for each.
    /// </summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<AdoptionLine> Lines)> _recent = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<AdoptionLine>> ForAsync(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.Packages.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        if (_recent.TryGetValue(project.Name, out var recent) && now - recent.At < Remembered)
        {
            return recent.Lines;
        }

        var wanted = project.Packages.SelectMany(p => refresher.SourcesFor(p).Select(s => (Package: p, Source: s))).ToList();
        var readings = await Task.WhenAll(wanted.Select(w => store.GetAsync(w.Source.Name, w.Package)));
        var lines = wanted.Select((w, i) => Line(w.Source, w.Package, readings[i], now)).ToList();
        _recent[project.Name] = (now, lines);
        return lines;
    }

    private AdoptionLine Line(IAdoptionSource source, PackageId package, AdoptionReading? reading, DateTimeOffset now)
    {
        var name = $"{package.System} {package.Name}";
        return reading switch
        {
            null => new AdoptionLine(source.Label, name, "", null, null, null, "not read yet"),
            { Problem: { } problem } => new AdoptionLine(source.Label, name, reading.Metric, null, null, null, problem),
            { MeasuredAt: { } at } when now - at > options.Value.StaleAfter => new AdoptionLine(source.Label, name, reading.Metric, null, null, null, $"last reading is from {at:yyyy-MM-dd}"),
            _ => new AdoptionLine(source.Label, name, reading.Metric, reading.Value, reading.Detail, reading.MeasuredAt, null),
        };
    }
}
