using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Momentum.Bot.Affiliations;
using Momentum.Bot.Catalog;
using Momentum.Bot.GitHub;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>A project's report and the window's contributors behind it, each with their affiliation's source.</summary>
public sealed record ProjectContributors(ProjectReport Report, IReadOnlyList<ContributorAffiliation> Contributors);

/// <summary>What <see cref="ReportService.RefreshAsync"/> did: repositories scanned, and what could not be.</summary>
public sealed record RefreshResult(int Repositories, int Scanned, IReadOnlyList<string> Problems);

/// <summary>
/// "A project's report for this workspace", owned in one place: resolving the name, the vendor list in force, the
/// freshness rule, when GitHub must be scanned first (coalesced across callers and replicas by the
/// <see cref="ScanCoordinator"/>), and the report itself — from the report memory, the store's report cache, or computed
/// from stored weekly activity. Commands, scheduling, the API and the playground all ask here.
/// </summary>
public sealed partial class ReportService
{
    // Bump when the shape of a stored report changes, so reports of the old shape are not served.
    private const string ReportVersion = "6";

    private readonly ProjectResolver _resolver;
    private readonly VendorLists _vendors;
    private readonly ReportMemory _memory;
    private readonly ReportCache _cache;
    private readonly ActivityStore _activity;
    private readonly ProfileStore _profiles;
    private readonly ScanCoordinator _scans;
    private readonly ProjectCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly MomentumOptions _options;
    private readonly GitHubOptions _github;
    private readonly AffiliationData _affiliations;
    private readonly PersonOverrideStore _people;
    private readonly ScanProgressStore _progress;
    private readonly ILogger<ReportService> _logger;

    public ReportService(
        ProjectResolver resolver,
        VendorLists vendors,
        ReportMemory memory,
        ReportCache cache,
        ActivityStore activity,
        ProfileStore profiles,
        ScanCoordinator scans,
        ProjectCatalog catalog,
        TimeProvider time,
        IOptions<MomentumOptions> options,
        IOptions<GitHubOptions> github,
        AffiliationData affiliations,
        PersonOverrideStore people,
        ScanProgressStore progress,
        ILogger<ReportService> logger)
    {
        ArgumentNullException.ThrowIfNull(scans);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(github);
        (_resolver, _vendors, _memory, _cache, _activity, _profiles, _scans, _catalog, _time) = (resolver, vendors, memory, cache, activity, profiles, scans, catalog, time);
        (_options, _github, _affiliations, _people, _progress, _logger) = (options.Value, github.Value, affiliations, people, progress, logger);
        scans.Scanned += _ => memory.ForgetScanned();
    }

    /// <summary>A project by this workspace's alias, catalog name or alias, or owner/repo; null when none matches.</summary>
    public Task<Project?> ResolveAsync(string workspace, string text) => _resolver.ResolveAsync(workspace, text);

    /// <summary>The vendor list in force for the project as the workspace sees it (null workspace: as the API sees it).</summary>
    public Task<VendorsInForce> VendorsAsync(Project project, string? workspace) => _vendors.InForceAsync(project, workspace);

    /// <summary>
    /// The project's report. Throws <see cref="RepositoryNotFoundException"/> for a repository GitHub does not have and
    /// <see cref="GitHubUnavailableException"/> when GitHub is needed, unreachable and nothing is stored yet; when
    /// something is stored, the report answers from it with an "as of" note instead.
    /// </summary>
    public async Task<ReportView> GetAsync(Project project, ReportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var week = Week.Of(now);
        var excluded = request.ExcludedOrganizations.Count == 0 ? "" : string.Join(',', request.ExcludedOrganizations.Order(StringComparer.Ordinal));
        // New affiliation data answers at once: the question carries its version.
        var question = new ReportMemory.RecentKey(request.Workspace ?? "", project.Name + "|a:" + _affiliations.Version, request.Sensitivity, excluded, week.Index);
        if (request.Scan != ScanPolicy.Always && _memory.Recent(question) is { } recent)
        {
            return recent;
        }

        var (vendors, states, people) = await InputsAsync(project, request.Workspace);
        var maxAge = request.MaxAge ?? _options.MaxAge;
        var historyWeeks = _github.HistoryWeeksFor(request.HistoryWeeks);
        // A person asking without naming a history waits for the first weeks only; the rest loads behind the answer.
        var firstWeeks = request.Priority == ScanPriority.Interactive && request.HistoryWeeks is null && _github.FirstAnswerWeeks is > 0 and var first && first < historyWeeks
            ? first
            : historyWeeks;
        var stale = Enumerable.Range(0, states.Length).Where(i => request.Scan switch
        {
            ScanPolicy.Always => true,
            ScanPolicy.Never => false,
            _ => !Freshness.IsFresh(states[i], now, maxAge, firstWeeks),
        }).ToList();
        var notes = new List<string>();
        if (stale.Count > 0)
        {
            request.OnScan?.Invoke();
            foreach (var i in stale)
            {
                var weeks = states[i].Covers(now, historyWeeks) ? historyWeeks : firstWeeks;
                await ScanAsync(project.Repositories[i], request.Priority, weeks, weeks < historyWeeks ? _github.FirstAnswerProfileLookups : null, states[i], notes);
            }

            // A scan can take minutes: read what is in force after it.
            (vendors, states, people) = await InputsAsync(project, request.Workspace);
        }

        // Asked to answer from what is stored (the organisation lens), a report starts no loads.
        if (firstWeeks < historyWeeks && request.Scan != ScanPolicy.Never)
        {
            await LoadTheRestAsync(project, states, now, historyWeeks, notes);
        }

        var key = ReportKey(project, states, vendors, request, week, _affiliations.Version + "|p:" + people.Version);
        var view = await _memory.ReportAsync(
            key,
            async () => new ReportView(await _cache.GetAsync(key) ?? await ComputeAndStoreAsync(key, project, states, vendors, people, request, cancellationToken)),
            Week.Of(now).EndInstant);

        if (notes.Count > 0)
        {
            return view.WithNotes(notes);
        }

        _memory.RememberRecent(question, view);
        return view;
    }

    /// <summary>
    /// Scans the project's repositories not scanned within <paramref name="maxAge"/> (a scheduled cycle passes half its
    /// interval, so a repository another watchlist scanned this cycle is not scanned again).
    /// </summary>
    public async Task<RefreshResult> RefreshAsync(Project project, TimeSpan maxAge, ScanPriority priority)
    {
        ArgumentNullException.ThrowIfNull(project);
        var now = _time.GetUtcNow();
        var problems = new List<string>();
        var scanned = 0;
        foreach (var repository in project.Repositories)
        {
            // A discovery's short history is extended here: watched projects get the full one.
            if (Freshness.IsFresh(await _activity.GetStateAsync(repository), now, maxAge, _github.HistoryWeeks))
            {
                continue;
            }

            try
            {
                await _scans.ScanAsync(repository, priority);
                scanned++;
            }
            catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException)
            {
                problems.Add($"{repository}: {ex.Message}");
            }
        }

        return new RefreshResult(project.Repositories.Count, scanned, problems);
    }

    private async Task<(VendorsInForce Vendors, RepositoryState[] States, WorkspacePeople People)> InputsAsync(Project project, string? workspace)
    {
        // Independent reads: the multiplexer pipelines them into one round trip.
        var vendors = _vendors.InForceAsync(project, workspace);
        var states = Task.WhenAll(project.Repositories.Select(_activity.GetStateAsync));
        var people = _people.InForceAsync(workspace);
        return (await vendors, await states, await people);
    }

    /// <summary>
    /// For each repository whose stored history is shorter than <paramref name="historyWeeks"/>: says the answer rests on
    /// the weeks stored, and makes sure a scan reading the rest runs (unless one already runs, here or on another replica).
    /// </summary>
    private async Task LoadTheRestAsync(Project project, RepositoryState[] states, DateTimeOffset now, int historyWeeks, List<string> notes)
    {
        for (var i = 0; i < states.Length; i++)
        {
            if (states[i] is not { LastScan: not null, HistoryStart: { } start } || states[i].Covers(now, historyWeeks))
            {
                continue;
            }

            var repository = project.Repositories[i];
            var weeks = Week.Of(now).Index - start.Index;
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Based on the last {weeks} weeks of {repository}: the rest of its history ({historyWeeks} weeks) and of its contributors' GitHub profiles is loading. Ask again in a few minutes for the full picture."));
            if (!await _progress.IsListedAsync(repository))
            {
                _ = LoadInBackgroundAsync(repository, historyWeeks);
            }
        }
    }

    private async Task LoadInBackgroundAsync(RepositoryId repository, int historyWeeks)
    {
        try
        {
            await _scans.ScanAsync(repository, ScanPriority.Background, historyWeeks);
        }
        catch (Exception ex) when (ex is GitHubUnavailableException or RepositoryNotFoundException or OperationCanceledException)
        {
            // Not lost: the next person to ask, or the next scheduled scan, reads the rest.
            RestNotLoaded(_logger, repository.ToString(), ex.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "The rest of {Repository}'s history did not load behind its first answer: {Error}")]
    private static partial void RestNotLoaded(ILogger logger, string repository, string error);

    private async Task ScanAsync(RepositoryId repository, ScanPriority priority, int historyWeeks, int? profileLookups, RepositoryState state, List<string> notes)
    {
        try
        {
            await _scans.ScanAsync(repository, priority, historyWeeks, profileLookups);
        }
        catch (GitHubUnavailableException ex) when (state.LastScan is { } last)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{ex.Message} Data for {repository} is as of {last:yyyy-MM-dd HH:mm} UTC."));
        }
    }

    /// <summary>
    /// The window's contributors with their class, organisation and its source, as the workspace sees them (what
    /// <c>who</c> and the API's <c>/contributors</c> show). Scans and throws as <see cref="GetAsync"/> does.
    /// </summary>
    public async Task<ProjectContributors> ContributorsAsync(Project project, ReportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        var view = await GetAsync(project, request, cancellationToken);
        var (vendors, states, people) = await InputsAsync(project, request.Workspace);
        var (ledger, context, _) = await ClassificationInputsAsync(project, states, vendors, people, cancellationToken);
        return new ProjectContributors(view.Report, ContributorList.Compute(ledger, context, _time.GetUtcNow()));
    }

    private async Task<(ActivityLedger Ledger, ClassificationContext Context, int WithoutProfile)> ClassificationInputsAsync(
        Project project, RepositoryState[] states, VendorsInForce vendors, WorkspacePeople people, CancellationToken cancellationToken)
    {
        var current = Week.Of(_time.GetUtcNow());
        var horizon = current.Plus(-_github.HistoryWeeks);
        var ledgers = new List<ActivityLedger>();
        for (var i = 0; i < project.Repositories.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = states[i].HistoryStart is { } s && s > horizon ? s : horizon;
            ledgers.Add(await _activity.LoadLedgerAsync(project.Repositories[i], start, current));
        }

        var ledger = ActivityLedger.Merge(ledgers);
        var logins = ledger.Actors.Select(a => a.Identity).Where(IsLogin).ToArray();
        var profiles = await _profiles.GetManyAsync(logins);
        var resolver = _catalog.Resolver(vendors.Organizations);
        var context = new ClassificationContext(resolver, new VendorSet(vendors.Organizations), profiles: profiles, community: project.Community, dated: _affiliations.Current, people: people.Affiliations);
        // Only the logins a scan looks up: bots never get a profile, so counting them kept the note up for good.
        var withoutProfile = ledger.Actors.Where(RepositoryScanner.WantsProfile).Select(a => a.Identity).Distinct(StringComparer.Ordinal).Count(l => !profiles.ContainsKey(l));
        return (ledger, context, withoutProfile);
    }

    private async Task<ProjectReport> ComputeAndStoreAsync(
        string key, Project project, RepositoryState[] states, VendorsInForce vendors, WorkspacePeople people, ReportRequest request, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (ledger, context, withoutProfile) = await ClassificationInputsAsync(project, states, vendors, people, cancellationToken);
        var computed = MomentumCalculator.Compute(ledger, context, now, new ReportOptions
        {
            Sensitivity = request.Sensitivity,
            ExcludedOrganizations = request.ExcludedOrganizations,
        });

        var notes = new List<string>();
        if (withoutProfile > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{withoutProfile} contributors' GitHub profiles are not looked up yet; later scans fill them in."));
        }

        int? stars = states.All(s => s.Stars is null) ? null : states.Sum(s => s.Stars ?? 0);
        var report = new ProjectReport(
            project.Name,
            project.Repositories.Select((r, i) => states[i].FullName ?? r.ToString()).ToArray(),
            states.Select(s => s.LastScan).Min(),
            stars,
            vendors.Organizations,
            vendors.Source,
            computed,
            notes);
        await _cache.SetAsync(key, report, ReportTtl(now));
        return report;
    }

    private static bool IsLogin(string identity) => !identity.Contains('@', StringComparison.Ordinal);

    /// <summary>Everything a report depends on: the repositories' data versions and scan times, the vendors and their source, the week, the options.</summary>
    private static string ReportKey(Project project, RepositoryState[] states, VendorsInForce vendors, ReportRequest request, Week current, string affiliations)
    {
        var text = new StringBuilder(ReportVersion).Append('|').Append(current.Index).Append('|').Append(project.Name).Append("|a:").Append(affiliations);
        for (var i = 0; i < project.Repositories.Count; i++)
        {
            text.Append('|').Append(project.Repositories[i]).Append('@').Append(states[i].Version).Append('@').Append(states[i].LastScan?.ToUnixTimeSeconds());
        }

        text.Append("|v:").Append(vendors.Source).Append(':');
        foreach (var vendor in vendors.Organizations)
        {
            text.Append(vendor.Name).Append('=').AppendJoin(',', vendor.Domains).Append(';');
        }

        text.Append("|s:").Append(request.Sensitivity).Append("|x:").AppendJoin(',', request.ExcludedOrganizations.Order(StringComparer.Ordinal));
        return ReportCache.HashOf(text.ToString());
    }

    /// <summary>Until the week turns (reports depend on which weeks are complete), at most a day.</summary>
    private static TimeSpan ReportTtl(DateTimeOffset now)
    {
        var untilNextWeek = Week.Of(now).EndInstant - now;
        return untilNextWeek < TimeSpan.FromDays(1) ? untilNextWeek + TimeSpan.FromMinutes(1) : TimeSpan.FromDays(1);
    }
}
