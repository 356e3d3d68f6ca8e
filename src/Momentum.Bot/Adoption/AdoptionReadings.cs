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
    public async Task<IReadOnlyList<AdoptionLine>> ForAsync(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var wanted = project.Packages.SelectMany(p => refresher.SourcesFor(p).Select(s => (Package: p, Source: s))).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var readings = await Task.WhenAll(wanted.Select(w => store.GetAsync(w.Source.Name, w.Package)));
        var now = time.GetUtcNow();
        return wanted.Select((w, i) => Line(w.Source, w.Package, readings[i], now)).ToList();
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
