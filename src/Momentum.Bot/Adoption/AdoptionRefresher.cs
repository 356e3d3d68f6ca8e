using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.Store;

namespace Momentum.Bot.Adoption;

/// <summary>
/// Reads a project's packages from every enabled source that knows them — called by the watchlist scan, so adoption is
/// fetched on the scans' schedule. A reading younger than <c>Adoption__MaxAge</c> is not fetched again; a failure is
/// recorded as the reading's problem (the card then says unavailable) and never escapes to the scan. One fetch of a
/// package from a source at a time, cluster-wide (a short lease).
/// </summary>
public sealed partial class AdoptionRefresher(
    IEnumerable<IAdoptionSource> sources,
    AdoptionHttp http,
    AdoptionStore store,
    RedisLeases leases,
    RedisKeys keys,
    IOptions<AdoptionOptions> options,
    IOptionsMonitor<AdoptionSourceOptions> sourceOptions,
    TimeProvider time,
    ILogger<AdoptionRefresher> logger)
{
    /// <summary>The enabled sources for a package (none when adoption is off).</summary>
    public IEnumerable<IAdoptionSource> SourcesFor(PackageId package) =>
        options.Value.Enabled ? sources.Where(s => sourceOptions.Get(s.Name).Enabled && s.Reads(package)) : [];

    /// <summary>How many readings were fetched (200 or 304).</summary>
    public async Task<int> RefreshAsync(Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        var fetched = 0;
        foreach (var package in project.Packages)
        {
            foreach (var source in SourcesFor(package))
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    fetched += await RefreshAsync(source, package, cancellationToken) ? 1 : 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store itself failed: the scan goes on, and the card says what it has.
                    RefreshFailed(logger, source.Label, package.ToString(), ex.Message);
                }
            }
        }

        return fetched;
    }

    private async Task<bool> RefreshAsync(IAdoptionSource source, PackageId package, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var last = await store.GetAsync(source.Name, package);
        if (last is { Problem: null } && now - last.CheckedAt < options.Value.MaxAge)
        {
            return false;
        }

        // Two scans holding the same project (other watchlists, other replicas) fetch it once: the other one skips.
        await using var lease = await leases.TryAcquireAsync(keys.Lease($"adoption:{source.Name}:{package}"), options.Value.Timeout * 4);
        if (lease is null)
        {
            return false;
        }

        var baseUrl = sourceOptions.Get(source.Name).BaseUrl ?? source.DefaultBaseUrl;
        try
        {
            var answer = await source.FetchAsync(http, baseUrl, package, last?.ETag, cancellationToken);
            var reading = answer.NotModified && last is { Value: not null }
                ? last with { CheckedAt = now, MeasuredAt = now, Problem = null, ETag = answer.ETag ?? last.ETag }
                : answer.NotModified
                    ? throw new AdoptionSourceException("not modified, but nothing was read before")
                    : new AdoptionReading(source.Name, package, answer.Metric, answer.Value, answer.Detail, now, now, null, answer.ETag);
            await store.SetAsync(reading);
            return true;
        }
        catch (AdoptionDeferredException ex)
        {
            // No request made: a current reading stands; without one, the card says why there is none yet.
            Deferred(logger, source.Label, package.ToString(), ex.Message);
            if (last is null || last.Problem is not null)
            {
                await store.SetAsync(Failed(source, package, last, now, ex.Message));
            }

            return false;
        }
        catch (AdoptionSourceException ex)
        {
            SourceFailed(logger, source.Label, package.ToString(), ex.Message);
            await store.SetAsync(Failed(source, package, last, now, ex.Message));
            return false;
        }
    }

    private static AdoptionReading Failed(IAdoptionSource source, PackageId package, AdoptionReading? last, DateTimeOffset now, string problem) =>
        last is null
            ? new AdoptionReading(source.Name, package, "", null, null, null, now, problem, null)
            : last with { CheckedAt = now, Problem = problem };

    [LoggerMessage(1, LogLevel.Warning, "Adoption from {Source} for {Package} is unavailable: {Problem}")]
    private static partial void SourceFailed(ILogger logger, string source, string package, string problem);

    [LoggerMessage(2, LogLevel.Information, "Adoption from {Source} for {Package} waits: {Reason}")]
    private static partial void Deferred(ILogger logger, string source, string package, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Could not refresh adoption from {Source} for {Package}: {Error}")]
    private static partial void RefreshFailed(ILogger logger, string source, string package, string error);
}
