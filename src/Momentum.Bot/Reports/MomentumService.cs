using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>
/// Answers "how much momentum does this project have": refreshes stale repositories from GitHub (coalesced), reads
/// the stored weekly activity, classifies it with the vendor list in force and computes the report — or returns the
/// cached report when nothing it depends on has changed.
/// </summary>
public sealed class MomentumService(
    ActivityStore activity,
    ProfileStore profiles,
    VendorStore vendorStore,
    ReportCache cache,
    ScanCoordinator scans,
    ProjectCatalog catalog,
    TimeProvider time,
    IOptions<MomentumOptions> options,
    IOptions<GitHubOptions> githubOptions)
{
    // Bump when the engine's output changes, so cached reports of the old shape are not served.
    private const string ReportVersion = "1";

    // Decoded reports by cache key, in this process, in front of the report cache in the store. The key hashes
    // everything a report depends on (repository versions and scan times, vendors, week, options), so an entry is
    // never stale for its key; the short lifetime and the size cap only bound memory and how long an entry deleted
    // from the store lives on here. It spares a hot project the store read and the Brotli and JSON decoding on
    // every request (about 0.2 ms of CPU and 70 KB of allocations for a demo-sized report).
    private static readonly TimeSpan MemoLifetime = TimeSpan.FromMinutes(5);
    private const int MemoCapacity = 256;
    private readonly ConcurrentDictionary<string, (ProjectReport Report, DateTimeOffset Expires)> _memo = new(StringComparer.Ordinal);

    // Repository states answer "is it fresh?" and make the report key on every request: read from recent reads,
    // dropped as soon as a scan on this replica finishes (another replica's scan shows within the lifetime).
    private readonly RecentCache<RepositoryId, RepositoryState> _states = CreateStateCache(scans, time);

    private static RecentCache<RepositoryId, RepositoryState> CreateStateCache(ScanCoordinator scans, TimeProvider time)
    {
        var cache = new RecentCache<RepositoryId, RepositoryState>(time, WorkspaceStore.RecentReads);
        scans.Scanned += cache.Remove;
        return cache;
    }

    private Task<RepositoryState> StateAsync(RepositoryId repository) => _states.GetOrAddAsync(repository, activity.GetStateAsync);

    public async Task<ProjectReport> GetReportAsync(Project project, ReportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        var notes = new List<string>();
        // The states and the vendor override are independent reads: one round trip to the store, not one each.
        var vendorsRead = VendorsAsync(project, request);
        var states = await LoadStatesAsync(project);
        var now = time.GetUtcNow();
        var stale = project.Repositories.Where(r => request.Refresh || states[r].LastScan is not { } last || now - last > options.Value.MaxAge).ToList();
        if (stale.Count > 0)
        {
            await vendorsRead;
            await RefreshAsync(stale, states, request, notes);
            states = await LoadStatesAsync(project);
            // A scan can take minutes: read the vendor list in force after it, as before.
            vendorsRead = VendorsAsync(project, request);
        }

        var (vendors, vendorSource) = await vendorsRead;
        var current = Week.Of(time.GetUtcNow());
        var key = CacheKey(project, states, vendors, request, current);
        var cached = Recall(key, now) ?? await cache.GetAsync(key, ReportsJsonContext.Default.ProjectReport);
        if (cached is not null)
        {
            cached = cached with { CacheKey = key };
            Remember(key, cached, now);
            return notes.Count == 0 ? cached : cached with { Notes = [.. notes, .. cached.Notes], CacheKey = null };
        }

        var report = await ComputeAsync(project, states, vendors, vendorSource, request, cancellationToken) with { CacheKey = key };
        await cache.SetAsync(key, report, ReportsJsonContext.Default.ProjectReport, ReportTtl(now));
        Remember(key, report, now);
        return notes.Count == 0 ? report : report with { Notes = [.. notes, .. report.Notes], CacheKey = null };
    }

    private ProjectReport? Recall(string key, DateTimeOffset now) =>
        _memo.TryGetValue(key, out var entry) && entry.Expires > now ? entry.Report : null;

    private void Remember(string key, ProjectReport report, DateTimeOffset now)
    {
        if (_memo.TryGetValue(key, out var existing) && existing.Expires > now)
        {
            return;
        }

        if (_memo.Count >= MemoCapacity)
        {
            foreach (var (k, entry) in _memo)
            {
                if (entry.Expires <= now)
                {
                    _memo.TryRemove(k, out _);
                }
            }

            if (_memo.Count >= MemoCapacity)
            {
                _memo.Clear();
            }
        }

        // Never beyond the stored entry's own expiry (the week turning).
        var ttl = ReportTtl(now);
        _memo[key] = (report, now + (ttl < MemoLifetime ? ttl : MemoLifetime));
    }

    /// <summary>Whether every repository of the project was scanned within <see cref="MomentumOptions.MaxAge"/>.</summary>
    public async Task<bool> IsFreshAsync(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var now = time.GetUtcNow();
        var states = await Task.WhenAll(project.Repositories.Select(StateAsync));
        return states.All(s => s.LastScan is { } last && now - last <= options.Value.MaxAge);
    }

    /// <summary>The vendor list in force: the request's (a workspace's), the API override, else the catalog.</summary>
    public async Task<(IReadOnlyList<VendorEntry> Vendors, string Source)> VendorsAsync(Project project, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Vendors is { } explicitVendors)
        {
            return (explicitVendors, request.VendorSource ?? "workspace");
        }

        if (project.Repositories.Count == 1
            && await vendorStore.GetAsync(project.Repositories[0], ReportsJsonContext.Default.VendorList) is { } stored)
        {
            return (stored.Organizations, "api");
        }

        return (project.Vendors.Select(VendorEntry.From).ToArray(), project.Vendors.Count > 0 ? "catalog" : "none");
    }

    private async Task<Dictionary<RepositoryId, RepositoryState>> LoadStatesAsync(Project project)
    {
        // All at once: the multiplexer pipelines them (a project of several repositories costs one round trip).
        var read = await Task.WhenAll(project.Repositories.Select(StateAsync));
        var states = new Dictionary<RepositoryId, RepositoryState>();
        for (var i = 0; i < read.Length; i++)
        {
            states[project.Repositories[i]] = read[i];
        }

        return states;
    }

    private async Task RefreshAsync(List<RepositoryId> stale, Dictionary<RepositoryId, RepositoryState> states, ReportRequest request, List<string> notes)
    {
        var priority = request.Background ? ScanPriority.Background : ScanPriority.Interactive;
        foreach (var repository in stale)
        {
            try
            {
                await scans.ScanAsync(repository, priority);
            }
            catch (GitHubUnavailableException ex) when (states[repository].LastScan is { } last)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"{ex.Message} Data for {repository} is as of {last:yyyy-MM-dd HH:mm} UTC."));
            }
        }
    }

    private async Task<ProjectReport> ComputeAsync(
        Project project, Dictionary<RepositoryId, RepositoryState> states, IReadOnlyList<VendorEntry> vendors, string vendorSource, ReportRequest request, CancellationToken cancellationToken)
    {
        var current = Week.Of(time.GetUtcNow());
        var horizon = current.Plus(-githubOptions.Value.HistoryWeeks);
        var ledgers = new List<ActivityLedger>();
        foreach (var repository in project.Repositories)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = states[repository].HistoryStart is { } s && s > horizon ? s : horizon;
            ledgers.Add(await activity.LoadLedgerAsync(repository, start, current));
        }

        var ledger = ActivityLedger.Merge(ledgers);
        var logins = ledger.Actors.Select(a => a.Identity).Where(i => !i.Contains('@', StringComparison.Ordinal));
        var facts = await profiles.GetManyAsync(logins);
        var vendorOrganizations = vendors.Select(v => v.ToOrganization()).ToArray();
        var resolver = new AffiliationResolver(catalog.Organizations.Concat(vendorOrganizations));
        var context = new ClassificationContext(resolver, new VendorSet(vendorOrganizations), request.Overrides, facts);
        var report = MomentumCalculator.Compute(ledger, context, time.GetUtcNow(), new ReportOptions
        {
            Sensitivity = request.Sensitivity,
            ExcludedOrganizations = request.ExcludedOrganizations,
        });

        var dataAsOf = states.Values.Select(s => s.LastScan).Min();
        int? stars = states.Values.All(s => s.Stars is null) ? null : states.Values.Sum(s => s.Stars ?? 0);
        var loginsWithoutProfile = ledger.Actors.Count(a => !a.Identity.Contains('@', StringComparison.Ordinal) && !facts.ContainsKey(a.Identity));
        var notes = new List<string>();
        if (loginsWithoutProfile > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{loginsWithoutProfile} contributors' GitHub profiles are not looked up yet; later scans fill them in."));
        }

        return new ProjectReport(project.Name, project.Repositories.Select(r => states[r].FullName ?? r.ToString()).ToArray(), dataAsOf, stars, vendors, vendorSource, report, notes);
    }

    private static string CacheKey(Project project, Dictionary<RepositoryId, RepositoryState> states, IReadOnlyList<VendorEntry> vendors, ReportRequest request, Week current)
    {
        var text = new StringBuilder(ReportVersion).Append('|').Append(current.Index).Append('|').Append(project.Name);
        foreach (var repository in project.Repositories)
        {
            text.Append('|').Append(repository).Append('@').Append(states[repository].Version).Append('@').Append(states[repository].LastScan?.ToUnixTimeSeconds());
        }

        text.Append("|v:");
        foreach (var vendor in vendors)
        {
            text.Append(vendor.Name).Append('=').Append(string.Join(',', vendor.Domains)).Append(';');
        }

        text.Append("|s:").Append(request.Sensitivity).Append("|x:").Append(string.Join(',', request.ExcludedOrganizations.Order(StringComparer.Ordinal)));
        foreach (var (identity, organization) in (request.Overrides ?? new Dictionary<string, string>()).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            text.Append("|o:").Append(identity).Append('=').Append(organization);
        }

        return ReportCache.HashOf(text.ToString());
    }

    /// <summary>Until the week turns (reports depend on which weeks are complete), at most a day.</summary>
    private static TimeSpan ReportTtl(DateTimeOffset now)
    {
        var untilNextWeek = Week.Of(now).EndInstant - now;
        return untilNextWeek < TimeSpan.FromDays(1) ? untilNextWeek + TimeSpan.FromMinutes(1) : TimeSpan.FromDays(1);
    }
}
