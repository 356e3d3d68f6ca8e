using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.Store;
using Momentum.Engine;
using Octokit;

namespace Momentum.Bot.GitHub;

public sealed record ScanResult(RepositoryId Repository, int CountedEvents, long Requests, long NotModified, DateTimeOffset FinishedAt);

/// <summary>
/// Ingests one repository's history from GitHub into the store, incrementally: commits on the default branch since a
/// week-anchored cursor, pull requests newest-updated first down to the last one seen, issues and comments since
/// their cursors (for first responses), then missing user profiles. Each page is applied atomically with its dedupe
/// marks and each step saves its cursor, so a scan that fails half-way resumes without losing or double-counting.
/// </summary>
public sealed partial class RepositoryScanner(
    IGitHubClient github,
    GitHubGraphQL graphQL,
    ActivityStore activity,
    ProfileStore profiles,
    GitHubBudget budget,
    TimeProvider time,
    IOptions<GitHubOptions> options,
    ILogger<RepositoryScanner> logger)
{
    private const int PageSize = 100;

    public Task<ScanResult> ScanAsync(RepositoryId repo, CancellationToken cancellationToken) => ScanAsync(repo, null, cancellationToken);

    /// <summary>
    /// Scans with a history of <paramref name="historyWeeks"/> (at most, and by default, <c>GitHub__HistoryWeeks</c>):
    /// a discovery reads a short one. A later scan asking for more reads only the weeks it lacks (<see cref="BackfillAsync"/>).
    /// </summary>
    /// <param name="profileLookups">Profile and membership requests this scan may spend (null: <c>GitHub__ProfileLookupsPerScan</c>); the rest follow in later scans.</param>
    /// <param name="listed">Called once the listings (commits, pull requests, issues, comments) are stored, before the backfill and the profile lookups.</param>
    public async Task<ScanResult> ScanAsync(RepositoryId repo, int? historyWeeks, CancellationToken cancellationToken, int? profileLookups = null, Action? listed = null)
    {
        var settings = options.Value;
        var started = Stopwatch.GetTimestamp();
        var sentBefore = budget.RequestsSent;
        var notModifiedBefore = budget.NotModified;
        try
        {
            var now = time.GetUtcNow();
            var state = await activity.GetStateAsync(repo);
            // Anything seen back to the floor is stored (a short history's reports start at its HistoryStart, so the weeks
            // before it stay unread until a backfill completes them); the history is complete from HistoryStart on.
            var floor = Week.Of(now).Plus(-settings.HistoryWeeks);
            var wanted = Week.Of(now).Plus(-settings.HistoryWeeksFor(historyWeeks));
            var historyStart = state.HistoryStart ?? wanted;
            Week? backfillUntil = historyStart > wanted ? historyStart : null;
            var responseWindowStart = Week.Of(now).Plus(-settings.FirstResponseWeeks).StartInstant;
            var actors = await activity.LoadActorsAsync(repo);
            var seenLogins = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

            var metadata = await GetRepositoryAsync(repo);
            state = state with
            {
                HistoryStart = historyStart,
                FullName = metadata.FullName,
                DefaultBranch = metadata.DefaultBranch,
                Stars = metadata.StargazersCount,
            };
            await activity.SaveStateAsync(repo, state);

            DateTimeOffset commitsSince = default;
            var counted = await AtOnceAsync(
                seenLogins,
                async seen =>
                {
                    (var commits, commitsSince) = await ScanCommitsAsync(repo, state, floor, actors, seen, cancellationToken);
                    return commits;
                },
                // Comments answer the items the pull requests and issues leave awaiting, so they follow those two.
                async seen => await AtOnceAsync(
                    seen,
                    others => ScanPullRequestsAsync(repo, state, floor, actors, others, cancellationToken),
                    others => ScanIssuesAsync(repo, state, floor, actors, others, responseWindowStart, cancellationToken))
                    + await ScanCommentsAsync(repo, state, actors, responseWindowStart, cancellationToken));
            listed?.Invoke();
            if (backfillUntil is { } until)
            {
                counted += await BackfillAsync(repo, wanted, until, floor, actors, seenLogins, responseWindowStart, cancellationToken);
                await activity.SaveStateAsync(repo, new RepositoryState { HistoryStart = wanted, PullsBackfillPage = 0 });
                historyStart = wanted;
            }
            await LookUpProfilesAsync(repo, actors, seenLogins, profileLookups ?? settings.ProfileLookupsPerScan, cancellationToken);

            var finished = time.GetUtcNow();
            await activity.SaveStateAsync(repo, new RepositoryState { LastScan = finished });
            var keepFrom = Week.Of(finished).Plus(-settings.HistoryWeeks);
            if (historyStart < keepFrom)
            {
                await activity.SaveStateAsync(repo, new RepositoryState { HistoryStart = keepFrom });
            }

            // A short history keeps what it saw back to the floor: that floor moves on with time, so trim below it too.
            await activity.TrimAsync(repo, historyStart < keepFrom ? historyStart : keepFrom.Plus(-4), keepFrom, Week.Of(commitsSince), Week.Of(responseWindowStart));
            var result = new ScanResult(repo, counted, budget.RequestsSent - sentBefore, budget.NotModified - notModifiedBefore, finished);
            GitHubLog.Scanned(logger, repo.ToString(), counted, result.Requests, result.NotModified, Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception ex) when (Translate(ex, repo) is { } translated)
        {
            GitHubLog.ScanFailed(logger, repo.ToString(), translated.Message);
            throw translated;
        }
    }


    private async Task<Octokit.Repository> GetRepositoryAsync(RepositoryId repo)
    {
        try
        {
            return await github.Repository.Get(repo.Owner, repo.Name);
        }
        catch (NotFoundException)
        {
            throw new RepositoryNotFoundException(repo.ToString());
        }
    }

    private async Task<(int Counted, DateTimeOffset CommitsSince)> ScanCommitsAsync(
        RepositoryId repo, RepositoryState state, Week floor, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, CancellationToken cancellationToken)
    {
        var historyStart = state.HistoryStart!.Value;
        var since = state.CommitsSince ?? historyStart.StartInstant;
        var (counted, newest) = await ReadCommitsAsync(repo, state, since, floor, actors, seenLogins, cancellationToken);

        if (newest is { } n)
        {
            // Week-anchored and overlapping: late-landing commits are caught, and the URL only changes when new
            // commits arrive, so an unchanged repository answers with 304s.
            var anchored = Week.Of(n).Plus(-options.Value.CommitOverlapWeeks).StartInstant;
            if (anchored > since)
            {
                await activity.SaveStateAsync(repo, new RepositoryState { CommitsSince = anchored });
                return (counted, anchored);
            }
        }

        return (counted, since);
    }

    /// <summary>
    /// Commits since <paramref name="since"/>, by GraphQL where it is cheaper (see <see cref="GitHubOptions.GraphQL"/>)
    /// and by REST otherwise. <c>auto</c> takes GraphQL for a first scan; a rescan first asks REST for its first page
    /// (a conditional request: free when nothing changed) and moves to GraphQL only when that page is full (more new
    /// history than one page) or names authors without a profile. A server without GraphQL, or a spent point budget,
    /// leaves everything to REST.
    /// </summary>
    private async Task<(int Counted, DateTimeOffset? Newest)> ReadCommitsAsync(
        RepositoryId repo, RepositoryState state, DateTimeOffset since, Week historyStart, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, CancellationToken cancellationToken)
    {
        var mode = options.Value.GraphQL;
        if (mode == GitHubGraphQLMode.Off || (mode == GitHubGraphQLMode.Auto && !graphQL.Supported))
        {
            return await RestCommitsAsync(repo, since, historyStart, actors, seenLogins, firstPage: 1, lastPage: null, cancellationToken);
        }

        var counted = 0;
        DateTimeOffset? newest = null;
        var checkedPageOne = false;
        var more = true;
        if (mode == GitHubGraphQLMode.Auto && state.CommitsSince is not null)
        {
            checkedPageOne = true;
            (counted, newest, more) = await RestCommitsPageOneAsync(repo, since, historyStart, actors, seenLogins, cancellationToken);
            if (!more && !await NewAuthorsAsync(seenLogins))
            {
                return (counted, newest); // unchanged (a free 304), or new commits by people whose profiles are known
            }
        }

        if (mode == GitHubGraphQLMode.Auto && await graphQL.PointsAvailableAsync(repo, cancellationToken) is { CanSpend: false } spent)
        {
            GitHubLog.GraphQLBudgetFallback(logger, spent.Credential, spent.ResetAt, repo.ToString());
            return !more ? (counted, newest)
                : Merge((counted, newest), await RestCommitsAsync(repo, since, historyStart, actors, seenLogins, firstPage: checkedPageOne ? 2 : 1, lastPage: null, cancellationToken));
        }

        try
        {
            return Merge((counted, newest), await GraphQLCommitsAsync(repo, since, historyStart, actors, seenLogins, cancellationToken));
        }
        catch (Exception ex) when (mode == GitHubGraphQLMode.Auto
            && ex is GraphQLUnavailableException or GitHubUnavailableException { Failure: GitHubFailure.RateLimited })
        {
            // Served by REST with the same figures: what GraphQL already stored is deduplicated, the cursor moves only after.
            if (ex is GitHubUnavailableException spentMidway)
            {
                GitHubLog.GraphQLBudgetFallback(logger, "its credential", spentMidway.RetryAt ?? time.GetUtcNow(), repo.ToString());
            }

            return Merge((counted, newest), await RestCommitsAsync(repo, since, historyStart, actors, seenLogins, firstPage: 1, lastPage: null, cancellationToken));
        }
    }

    /// <summary>
    /// Whether the commits just read name someone without a profile: re-reading them by GraphQL (one point per 100
    /// commits) brings those profiles along, where REST would spend a counted <c>/users/{login}</c> lookup on each.
    /// </summary>
    private async Task<bool> NewAuthorsAsync(Dictionary<string, DateTimeOffset> seenLogins)
    {
        var logins = seenLogins.Keys.Where(l => !l.Contains('@', StringComparison.Ordinal) && !BotRules.Default.IsBot(l, false)).ToList();
        return logins.Count > 0 && (await profiles.MissingAsync(logins, time.GetUtcNow())).Count > 0;
    }

    private static (int Counted, DateTimeOffset? Newest) Merge((int Counted, DateTimeOffset? Newest) a, (int Counted, DateTimeOffset? Newest) b) =>
        (a.Counted + b.Counted, a.Newest is { } x && b.Newest is { } y ? (x > y ? x : y) : a.Newest ?? b.Newest);

    private async Task<(int Counted, DateTimeOffset? Newest, bool More)> RestCommitsPageOneAsync(
        RepositoryId repo, DateTimeOffset since, Week historyStart, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, CancellationToken cancellationToken)
    {
        var full = false;
        var (counted, newest) = await RestCommitsAsync(repo, since, historyStart, actors, seenLogins, firstPage: 1, lastPage: 1, cancellationToken, pageFull: () => full = true);
        return (counted, newest, full);
    }

    private Task<(int Counted, DateTimeOffset? Newest)> RestCommitsAsync(
        RepositoryId repo, DateTimeOffset since, Week historyStart, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, int firstPage, int? lastPage, CancellationToken cancellationToken, Action? pageFull = null, DateTimeOffset? until = null) =>
        PageThroughAsync(
            repo,
            actors,
            fetch: page => github.Repository.Commit.GetAll(repo.Owner, repo.Name, until is null ? new CommitRequest { Since = since } : new CommitRequest { Since = since, Until = until }, page),
            cursorTime: commit => commit.Commit?.Committer?.Date ?? commit.Commit?.Author?.Date,
            add: (commit, batch) => AddCommit(batch, commit, historyStart, seenLogins),
            stopAt: null,
            nothingToList: HttpStatusCode.Conflict, // an empty repository: GitHub answers 409 "Git Repository is empty"
            cancellationToken: cancellationToken,
            firstPage: firstPage,
            lastPage: lastPage,
            pageFull: pageFull);

    /// <summary>
    /// The history by GraphQL: each page applied like a REST page, and the linked users' companies stored through
    /// <see cref="ProfileStore"/> exactly as a <c>/users/{login}</c> lookup would, so those lookups are not needed.
    /// </summary>
    private async Task<(int Counted, DateTimeOffset? Newest)> GraphQLCommitsAsync(
        RepositoryId repo, DateTimeOffset since, Week historyStart, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var counted = 0;
        DateTimeOffset? newest = null;
        var saved = new HashSet<string>(StringComparer.Ordinal);
        string? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await graphQL.HistoryAsync(repo, since, after, cancellationToken);
            var users = new Dictionary<string, (string? Company, string? Email)>(StringComparer.Ordinal);
            counted += await actors.InTurnAsync(() =>
            {
                var batch = new ActivityBatch(actors);
                foreach (var commit in page.Commits)
                {
                    if (newest is null || commit.CommittedAt > newest)
                    {
                        newest = commit.CommittedAt;
                    }

                    AddCommit(batch, commit, historyStart, seenLogins);
                    if (commit.Login is { Length: > 0 } login && saved.Add(login.ToLowerInvariant()))
                    {
                        users[login.ToLowerInvariant()] = (commit.Company, commit.UserEmail);
                    }
                }

                return activity.ApplyAsync(repo, batch);
            });
            var now = time.GetUtcNow();
            foreach (var (login, (company, email)) in users)
            {
                await profiles.SaveAsync(login, company, "User", now, ProfileTtl(login, settings.ProfileTtl), email: email ?? "");
            }

            if (!page.HasNextPage || page.EndCursor is null)
            {
                return (counted, newest);
            }

            after = page.EndCursor;
        }
    }

    private async Task<int> ScanPullRequestsAsync(
        RepositoryId repo, RepositoryState state, Week floor, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, CancellationToken cancellationToken)
    {
        var historyStart = state.HistoryStart!.Value;
        var first = state.PullsWatermark is null;
        var watermark = state.PullsWatermark ?? historyStart.StartInstant;
        var request = new PullRequestRequest { State = ItemStateFilter.All, SortProperty = PullRequestSort.Updated, SortDirection = SortDirection.Descending };
        var (counted, newest) = await PageThroughAsync(
            repo,
            actors,
            fetch: page => github.PullRequest.GetAllForRepository(repo.Owner, repo.Name, request, page),
            cursorTime: pull => pull.UpdatedAt,
            add: (pull, batch) => AddPullRequest(batch, pull, floor, seenLogins),
            stopAt: pull => pull.UpdatedAt < watermark, // newest-updated first: from here on, all was ingested before
            nothingToList: null,
            cancellationToken: cancellationToken,
            olderFrom: first ? page => activity.SaveStateAsync(repo, new RepositoryState { PullsBackfillPage = page }) : null);

        if (newest is { } n && n > watermark)
        {
            await activity.SaveStateAsync(repo, new RepositoryState { PullsWatermark = n });
        }

        return counted;
    }

    /// <summary>
    /// Completes a short history back to <paramref name="from"/>, reading only what the scans so far have not: commits
    /// committed before the old start (by REST, <c>until</c> it), pull requests updated before it (from the page where the
    /// first scan's listing stopped: that listing only grows in front, so nothing older comes before that page), and
    /// issues updated before it. What the earlier scans saw of these weeks is already stored (back to the floor), and the
    /// dedupe marks leave anything read twice counted once.
    /// </summary>
    private async Task<int> BackfillAsync(
        RepositoryId repo, Week from, Week until, Week floor, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, DateTimeOffset responseWindowStart, CancellationToken cancellationToken)
    {
        var state = await activity.GetStateAsync(repo);
        var before = until.StartInstant;
        var request = new PullRequestRequest { State = ItemStateFilter.All, SortProperty = PullRequestSort.Updated, SortDirection = SortDirection.Descending };
        var issues = new RepositoryIssueRequest { State = ItemStateFilter.All, Since = from.StartInstant, SortProperty = IssueSort.Updated, SortDirection = SortDirection.Ascending };
        return await AtOnceAsync(
            seenLogins,
            async seen => (await RestCommitsAsync(repo, from.StartInstant, floor, actors, seen, firstPage: 1, lastPage: null, cancellationToken, until: before.AddSeconds(-1))).Counted,
            async seen => (await PageThroughAsync(
                repo,
                actors,
                fetch: page => github.PullRequest.GetAllForRepository(repo.Owner, repo.Name, request, page),
                cursorTime: pull => pull.UpdatedAt,
                add: (pull, batch) => { if (pull.UpdatedAt < before) { AddPullRequest(batch, pull, floor, seen); } },
                stopAt: pull => pull.UpdatedAt < from.StartInstant,
                nothingToList: null,
                cancellationToken: cancellationToken,
                firstPage: Math.Max(state.PullsBackfillPage ?? 1, 1))).Counted,
            async seen => (await PageThroughAsync(
                repo,
                actors,
                fetch: page => github.Issue.GetAllForRepository(repo.Owner, repo.Name, issues, page),
                cursorTime: issue => issue.UpdatedAt,
                add: (issue, batch) => AddIssue(batch, issue, floor, responseWindowStart, seen),
                stopAt: issue => issue.UpdatedAt >= before, // oldest-updated first: from here on, the scans so far read it
                nothingToList: HttpStatusCode.Gone,
                cancellationToken: cancellationToken)).Counted);
    }

    /// <summary>
    /// Listings of one repository run at once (their requests are what takes the time; the client's request places
    /// bound them), each with its own logins seen, merged after with each login's latest sighting kept. They take turns
    /// only to intern actors and apply a page (<see cref="ActorTable.InTurnAsync{T}"/>). Returns the events counted.
    /// </summary>
    private static async Task<int> AtOnceAsync(Dictionary<string, DateTimeOffset> seenLogins, params Func<Dictionary<string, DateTimeOffset>, Task<int>>[] listings)
    {
        var seen = listings.Select(_ => new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal)).ToArray();
        var counts = await Task.WhenAll(listings.Select((listing, i) => listing(seen[i])));
        foreach (var (login, at) in seen.SelectMany(s => s))
        {
            Saw(seenLogins, login, at);
        }

        return counts.Sum();
    }

    private async Task<int> ScanIssuesAsync(
        RepositoryId repo, RepositoryState state, Week floor, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, DateTimeOffset responseWindowStart, CancellationToken cancellationToken)
    {
        var historyStart = state.HistoryStart!.Value;
        var since = state.IssuesSince ?? historyStart.StartInstant;
        var request = new RepositoryIssueRequest { State = ItemStateFilter.All, Since = since, SortProperty = IssueSort.Updated, SortDirection = SortDirection.Ascending };
        var (counted, newest) = await PageThroughAsync(
            repo,
            actors,
            fetch: page => github.Issue.GetAllForRepository(repo.Owner, repo.Name, request, page),
            cursorTime: issue => issue.UpdatedAt,
            add: (issue, batch) => AddIssue(batch, issue, floor, responseWindowStart, seenLogins),
            stopAt: null,
            nothingToList: HttpStatusCode.Gone, // issues are disabled for this repository
            cancellationToken: cancellationToken);

        if (newest is { } n && n > since)
        {
            await activity.SaveStateAsync(repo, new RepositoryState { IssuesSince = n });
        }

        return counted;
    }

    private async Task<int> ScanCommentsAsync(
        RepositoryId repo, RepositoryState state, ActorTable actors, DateTimeOffset responseWindowStart, CancellationToken cancellationToken)
    {
        var awaiting = await activity.GetAwaitingAsync(repo, Week.Of(responseWindowStart), Week.Of(time.GetUtcNow()));
        var since = state.CommentsSince ?? responseWindowStart;
        var request = new IssueCommentRequest { Since = since, Sort = IssueCommentSort.Created, Direction = SortDirection.Ascending };
        var (counted, newest) = await PageThroughAsync(
            repo,
            actors,
            fetch: page => github.Issue.Comment.GetAllForRepository(repo.Owner, repo.Name, request, page),
            cursorTime: comment => comment.UpdatedAt ?? comment.CreatedAt,
            add: (comment, batch) => AddFirstResponse(batch, comment, awaiting),
            stopAt: null,
            nothingToList: HttpStatusCode.Gone, // issues (and so their comments) are disabled for this repository
            cancellationToken: cancellationToken);

        if (newest is { } n && n > since)
        {
            await activity.SaveStateAsync(repo, new RepositoryState { CommentsSince = n });
        }

        return counted;
    }

    /// <summary>
    /// Pages through one listing from the first page, adding its items to one batch per page and applying each batch,
    /// until a short page, an item that <paramref name="stopAt"/> matches (it and the rest of its page are left out),
    /// or the answer <paramref name="nothingToList"/> (then <paramref name="olderFrom"/> hears on which page what it left
    /// out begins). Returns the events counted and the newest
    /// <paramref name="cursorTime"/> seen (the stop item's included), from which the step moves its cursor.
    /// </summary>
    private async Task<(int Counted, DateTimeOffset? Newest)> PageThroughAsync<T>(
        RepositoryId repo,
        ActorTable actors,
        Func<ApiOptions, Task<IReadOnlyList<T>>> fetch,
        Func<T, DateTimeOffset?> cursorTime,
        Action<T, ActivityBatch> add,
        Func<T, bool>? stopAt,
        HttpStatusCode? nothingToList,
        CancellationToken cancellationToken,
        int firstPage = 1,
        int? lastPage = null,
        Action? pageFull = null,
        Func<int, Task>? olderFrom = null)
    {
        DateTimeOffset? newest = null;
        var counted = 0;
        for (var page = firstPage; ; page++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<T> items;
            try
            {
                items = await fetch(Page(page));
            }
            catch (ApiException ex) when (nothingToList is { } status && ex.StatusCode == status)
            {
                break;
            }

            var stopped = false;
            counted += await actors.InTurnAsync(() =>
            {
                var batch = new ActivityBatch(actors);
                foreach (var item in items)
                {
                    if (cursorTime(item) is { } at && (newest is null || at > newest))
                    {
                        newest = at;
                    }

                    if (stopAt?.Invoke(item) == true)
                    {
                        stopped = true;
                        break;
                    }

                    add(item, batch);
                }

                return activity.ApplyAsync(repo, batch);
            });
            if (stopped || items.Count < PageSize)
            {
                if (olderFrom is not null)
                {
                    // Where whatever the stop left out begins (or, at the listing's end, the page after it).
                    await olderFrom(stopped ? page : page + 1);
                }

                break;
            }

            if (page == lastPage)
            {
                pageFull?.Invoke();
                break;
            }
        }

        return (counted, newest);
    }

    private static void AddCommit(ActivityBatch batch, GitHubCommit commit, Week historyStart, Dictionary<string, DateTimeOffset> seenLogins)
    {
        var committed = commit.Commit?.Committer?.Date ?? commit.Commit?.Author?.Date;
        var authored = commit.Commit?.Author?.Date ?? committed;
        if (authored is not { } at || Week.Of(at) < historyStart || commit.Parents?.Count > 1)
        {
            return; // merge commits never count; neither does anything before the horizon
        }

        if (CommitIdentity(commit) is not { } who)
        {
            return;
        }

        var actor = batch.ActorOf(who.Identity, who.IsBot);
        batch.AddCommit(commit.Sha, committed ?? at, actor, at, who.Domain);
        Saw(seenLogins, who.Identity, at);
    }

    private static void AddCommit(ActivityBatch batch, GraphQLCommit commit, Week historyStart, Dictionary<string, DateTimeOffset> seenLogins)
    {
        var at = commit.AuthoredAt ?? commit.CommittedAt;
        if (Week.Of(at) < historyStart || commit.Parents > 1)
        {
            return; // as by REST: merge commits never count; neither does anything before the horizon
        }

        // GraphQL links only users: an App's bot commits (no linked user) carry their login in the noreply address.
        var noreply = NoreplyLogin(commit.Email?.Trim().ToLowerInvariant());
        var isBot = commit.Login is null && noreply?.EndsWith("[bot]", StringComparison.Ordinal) == true;
        if (CommitIdentity(commit.Email, commit.Login, isBot) is not { } who)
        {
            return;
        }

        var actor = batch.ActorOf(who.Identity, who.IsBot);
        batch.AddCommit(commit.Oid, commit.CommittedAt, actor, at, who.Domain);
        Saw(seenLogins, who.Identity, at);
    }

    private static void AddPullRequest(ActivityBatch batch, PullRequest pull, Week historyStart, Dictionary<string, DateTimeOffset> seenLogins)
    {
        if (pull.User?.Login is not { Length: > 0 } login)
        {
            return;
        }

        var identity = login.ToLowerInvariant();
        var actor = batch.ActorOf(identity, pull.User.Type == AccountType.Bot);
        if (Week.Of(pull.CreatedAt) >= historyStart)
        {
            batch.AddNumbered(ContributionKind.PullRequestOpened, pull.Number, actor, pull.CreatedAt);
            Saw(seenLogins, identity, pull.CreatedAt);
        }

        if (pull.MergedAt is { } merged && Week.Of(merged) >= historyStart)
        {
            batch.AddNumbered(ContributionKind.PullRequestMerged, pull.Number, actor, merged);
            Saw(seenLogins, identity, merged);
        }
    }

    /// <summary>An issue counts as opened (pull requests are listed as issues too) and, if recent, awaits a first response.</summary>
    private static void AddIssue(ActivityBatch batch, Issue issue, Week historyStart, DateTimeOffset responseWindowStart, Dictionary<string, DateTimeOffset> seenLogins)
    {
        if (issue.User?.Login is not { Length: > 0 } login)
        {
            return;
        }

        var identity = login.ToLowerInvariant();
        var isBot = issue.User.Type == AccountType.Bot || BotRules.Default.IsBot(identity, false);
        var opened = issue.PullRequest is null && Week.Of(issue.CreatedAt) >= historyStart;
        var awaited = !isBot && issue.CreatedAt >= responseWindowStart;
        if (!opened && !awaited)
        {
            return;
        }

        var actor = batch.ActorOf(identity, issue.User.Type == AccountType.Bot);
        if (opened)
        {
            batch.AddNumbered(ContributionKind.IssueOpened, issue.Number, actor, issue.CreatedAt);
            Saw(seenLogins, identity, issue.CreatedAt);
        }

        if (awaited)
        {
            batch.Awaiting.Add(new AwaitingItem(issue.Number, actor, issue.CreatedAt));
        }
    }

    /// <summary>The first comment on an awaiting issue or pull request by someone other than its author or a bot.</summary>
    private static void AddFirstResponse(ActivityBatch batch, IssueComment comment, Dictionary<int, AwaitingItem> awaiting)
    {
        if (IssueNumber(comment.HtmlUrl) is not { } number
            || !awaiting.TryGetValue(number, out var item)
            || comment.User?.Login is not { Length: > 0 } login)
        {
            return;
        }

        var identity = login.ToLowerInvariant();
        var isAuthor = batch.Actors.Index.TryGetValue(identity, out var commenter) && commenter == item.AuthorActor;
        if (isAuthor || comment.User.Type == AccountType.Bot || BotRules.Default.IsBot(identity, false) || comment.CreatedAt < item.OpenedAt)
        {
            return;
        }

        batch.Responses.Add(new FirstResponse(number, item.OpenedAt, comment.CreatedAt));
        awaiting.Remove(number);
    }

    /// <summary>Whether a scan looks up this actor's GitHub profile: a login (not a commit email) of a person, not a bot.</summary>
    public static bool WantsProfile(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return !actor.IsBotAccount && !actor.Identity.Contains('@', StringComparison.Ordinal) && !BotRules.Default.IsBot(actor.Identity, false);
    }

    /// <summary>
    /// Profiles of logins without one cached, and the public organisation memberships of people whose commits no
    /// corporate email affiliates (for anyone else a commit's domain comes first, so memberships would never be read):
    /// this scan's most recent contributors first, then the rest. Each request — a profile or a membership list, 304s
    /// included — spends one of <paramref name="budget"/> (<see cref="GitHubOptions.ProfileLookupsPerScan"/> unless the scan says otherwise).
    /// </summary>
    private async Task LookUpProfilesAsync(RepositoryId repo, ActorTable actors, Dictionary<string, DateTimeOffset> seenLogins, int budget, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var affiliatedByCommits = await activity.IdentitiesWithCommitDomainsAsync(repo);
        var logins = actors.Actors
            .Where(WantsProfile)
            .Select(a => a.Identity)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(l => seenLogins.GetValueOrDefault(l))
            .ThenBy(l => l, StringComparer.Ordinal)
            .ToList();
        var now = time.GetUtcNow();
        var missing = (await profiles.MissingAsync(logins, now)).ToHashSet(StringComparer.Ordinal);
        var missingMemberships = await profiles.MissingOrganizationsAsync(logins.Where(l => !affiliatedByCommits.Contains(l) && !missing.Contains(l)), now);
        var (looked, memberships) = (0, 0);
        bool Spend() => Interlocked.Decrement(ref budget) >= 0;
        try
        {
            // As many at once as the client sends at once (each lookup is one independent round trip); logins are
            // taken in order, so the budget still goes to the most recent contributors first.
            await Parallel.ForEachAsync(
                logins.Where(l => missing.Contains(l) || missingMemberships.Contains(l)),
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentRequests, CancellationToken = cancellationToken },
                async (login, _) =>
                {
                    if (Volatile.Read(ref budget) <= 0)
                    {
                        return;
                    }

                    var wantsMemberships = missingMemberships.Contains(login);
                    if (missing.Contains(login))
                    {
                        if (!Spend())
                        {
                            return;
                        }

                        Interlocked.Increment(ref looked);
                        wantsMemberships = await LookUpProfileAsync(login, settings.ProfileTtl) && !affiliatedByCommits.Contains(login);
                    }

                    if (wantsMemberships && Spend())
                    {
                        Interlocked.Increment(ref memberships);
                        await LookUpMembershipsAsync(login, settings.ProfileTtl);
                    }
                });
        }
        catch (Exception ex) when (Translate(ex, repo) is GitHubUnavailableException)
        {
            // Profiles are the least urgent part of a scan: the activity is stored; the rest waits for the next scan.
        }

        GitHubLog.Profiles(logger, repo.ToString(), looked, missing.Count - looked);
        GitHubLog.Memberships(logger, repo.ToString(), memberships);
    }

    /// <summary>Looks one profile up and stores it; true when it is a person's (whose memberships may matter).</summary>
    private async Task<bool> LookUpProfileAsync(string login, TimeSpan ttl)
    {
        try
        {
            var user = await github.User.Get(login);
            var type = user.Type?.ToString() ?? "User";
            await profiles.SaveAsync(login, user.Company, type, time.GetUtcNow(), ProfileTtl(login, ttl), user.Name, user.Email ?? "");
            return type == "User";
        }
        catch (NotFoundException)
        {
            await profiles.SaveAsync(login, null, "Missing", time.GetUtcNow(), ProfileTtl(login, ttl));
            return false;
        }
    }

    /// <summary><c>GET /users/{login}/orgs</c> (one page of 100: GitHub's largest; nobody shows more), conditional like the profile.</summary>
    private async Task LookUpMembershipsAsync(string login, TimeSpan ttl)
    {
        IReadOnlyList<Octokit.Organization> organizations;
        try
        {
            organizations = await github.Organization.GetAllForUser(login, new ApiOptions { PageSize = PageSize, PageCount = 1, StartPage = 1 });
        }
        catch (NotFoundException)
        {
            organizations = [];
        }

        await profiles.SaveOrganizationsAsync(login, organizations.Select(o => o.Login), time.GetUtcNow(), ProfileTtl(login, ttl));
    }

    /// <summary>
    /// Between half and all of the configured TTL, stable per login: profiles looked up together in a backfill then
    /// expire over weeks instead of all in one scan cycle (which would spend hours of rate limit at once).
    /// </summary>
    internal static TimeSpan ProfileTtl(string login, TimeSpan ttl)
    {
        var hash = BitConverter.ToUInt16(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(login)));
        return ttl * (0.5 + (0.5 * hash / ushort.MaxValue));
    }

    internal static (string Identity, string? Domain, bool IsBot)? CommitIdentity(GitHubCommit commit) =>
        CommitIdentity(commit.Commit?.Author?.Email, commit.Author?.Login, string.Equals(commit.Author?.Type, "Bot", StringComparison.Ordinal));

    /// <summary>Who a commit counts for: the linked login, else the noreply address's login, else the email (with its domain).</summary>
    internal static (string Identity, string? Domain, bool IsBot)? CommitIdentity(string? authorEmail, string? linkedLogin, bool isBot)
    {
        var email = authorEmail?.Trim().ToLowerInvariant();
        string? domain = null;
        if (email is not null && email.LastIndexOf('@') is var at and > 0)
        {
            domain = email[(at + 1)..];
            if (domain.EndsWith("users.noreply.github.com", StringComparison.Ordinal))
            {
                domain = "users.noreply.github.com";
            }
        }

        var login = linkedLogin ?? NoreplyLogin(email);
        var identity = login?.ToLowerInvariant() ?? (domain is null ? null : email);
        return identity is null ? null : (identity, domain, isBot);
    }

    /// <summary>GitHub noreply addresses name the login: <c>ID+login@users.noreply.github.com</c> (or, before 2017, <c>login@…</c>).</summary>
    internal static string? NoreplyLogin(string? email)
    {
        if (email is null || !email.EndsWith("@users.noreply.github.com", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var local = email[..email.IndexOf('@', StringComparison.Ordinal)];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        var login = plus >= 0 ? local[(plus + 1)..] : local;
        return login.Length == 0 ? null : login;
    }

    internal static int? IssueNumber(string? htmlUrl)
    {
        var match = htmlUrl is null ? null : IssueUrl().Match(htmlUrl);
        return match is { Success: true } && int.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static void Saw(Dictionary<string, DateTimeOffset> seen, string login, DateTimeOffset at)
    {
        if (!seen.TryGetValue(login, out var known) || at > known)
        {
            seen[login] = at;
        }
    }

    private static ApiOptions Page(int page) => new() { PageSize = PageSize, PageCount = 1, StartPage = page };

    private static Exception? Translate(Exception ex, RepositoryId repo) => ex switch
    {
        RepositoryNotFoundException or GitHubUnavailableException => ex,
        GraphQLUnavailableException => new GitHubUnavailableException(GitHubFailure.Unreachable, $"{ex.Message} GitHub__GraphQL is 'on'; set it to 'auto' or 'off' to read by REST.", null, ex),
        RateLimitExceededException rate => new GitHubUnavailableException(GitHubFailure.RateLimited, $"GitHub's rate limit is exhausted until {rate.Reset:u}.", rate.Reset, ex),
        SecondaryRateLimitExceededException or AbuseException => new GitHubUnavailableException(GitHubFailure.RateLimited, "GitHub's secondary rate limit stopped the scan.", null, ex),
        AuthorizationException => new GitHubUnavailableException(GitHubFailure.Unauthorized, "GitHub refused the configured credentials (GitHub__Token, GitHub__Tokens__N or the GitHub App).", null, ex),
        ApiException api when api.StatusCode == (HttpStatusCode)429 => new GitHubUnavailableException(GitHubFailure.RateLimited, "GitHub rate-limited the scan.", null, ex),
        ApiException api when (int)api.StatusCode >= 500 => new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub answered {(int)api.StatusCode} for {repo}.", null, ex),
        NotFoundException => new RepositoryNotFoundException(repo.ToString()),
        HttpRequestException => new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub is unreachable: {ex.Message}", null, ex),
        TaskCanceledException tce when tce.InnerException is TimeoutException => new GitHubUnavailableException(GitHubFailure.Unreachable, "GitHub did not answer in time.", null, ex),
        _ => null,
    };

    [GeneratedRegex(@"/(?:issues|pull)/(\d+)")]
    private static partial Regex IssueUrl();
}
