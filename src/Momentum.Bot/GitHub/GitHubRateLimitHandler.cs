using System.Net;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.GitHub;

/// <summary>
/// Every GitHub request passes here: it waits while the budget is at the reserve (or exhausted) until the reset (a
/// background request stops waiting as soon as its scan becomes interactive, see <see cref="RequestPriority"/>),
/// honours <c>Retry-After</c> on 403/429 secondary limits, retries 5xx and network errors with exponential backoff,
/// and records the rate-limit headers. Waits longer than <see cref="GitHubOptions.MaxRateLimitWait"/> end the request
/// with <see cref="GitHubUnavailableException"/> instead of blocking a scan for an hour. Each attempt goes out with the
/// credential <see cref="GitHubCredentialPool"/> chooses for it and waits on that credential's budget, so a pooled
/// request whose token is spent moves to one that is not.
/// </summary>
public sealed partial class GitHubRateLimitHandler(
    GitHubCredentialPool credentials,
    GitHubBudget budget,
    GitHubMetrics metrics,
    TimeProvider time,
    IOptions<GitHubOptions> options,
    ILogger<GitHubRateLimitHandler> logger) : DelegatingHandler
{
    private readonly PriorityGate _concurrency = new(options.Value.MaxConcurrentRequests);

    // Ticks (UTC) until which GitHub is taken to be unreachable: requests fail at once instead of retrying for seconds.
    private long _unreachableUntil;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var until = new DateTimeOffset(Interlocked.Read(ref _unreachableUntil), TimeSpan.Zero);
        if (time.GetUtcNow() < until)
        {
            metrics.Request(request.RequestUri, "error");
            throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub could not be reached a moment ago; Momentum tries again after {until:HH:mm:ss} UTC.", until);
        }

        var uri = request.RequestUri!;
        // A GraphQL query names its repository in the request's options (its URL does not) and spends points, not requests.
        var graphQL = request.Options.TryGetValue(GitHubGraphQL.RepositoryOption, out var queried);
        var repository = graphQL ? queried : credentials.RepositoryOf(uri);
        for (var attempt = 0; ; attempt++)
        {
            var credential = await WaitForBudgetAsync(repository, graphQL, settings, cancellationToken);
            var spent = graphQL ? credential.GraphQLBudget : credential.Budget;
            if (graphQL)
            {
                request.Options.Set(GitHubGraphQL.CredentialOption, credential);
            }

            request.Headers.Authorization = await credential.AuthorizeAsync(cancellationToken);
            HttpResponseMessage response;
            await _concurrency.WaitAsync(budget.CurrentPriority.Current == ScanPriority.Interactive, cancellationToken);
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (IsTransportFailure(ex) && attempt < settings.MaxRetries)
            {
                GitHubLog.NetworkRetry(logger, request.RequestUri?.AbsolutePath, attempt + 1, ex.Message);
                await DelayAsync(Backoff(settings, attempt), cancellationToken);
                continue;
            }
            catch (Exception ex) when (IsTransportFailure(ex))
            {
                metrics.Request(request.RequestUri, "error");
                var retryAt = time.GetUtcNow() + settings.UnreachablePause;
                Interlocked.Exchange(ref _unreachableUntil, retryAt.UtcTicks);
                GitHubLog.Unreachable(logger, settings.UnreachablePause, ex.Message);
                throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub is unreachable ({ex.Message.TrimEnd('.')}).", retryAt, ex);
            }
            finally
            {
                _concurrency.Release();
            }

            budget.Observe(response, spent);
            var status = (int)response.StatusCode;
            metrics.Request(request.RequestUri, status == 304 ? "not_modified" : status >= 400 ? "error" : "counted");
            if (status == 401 && credential.InstallationId is not null && attempt == 0)
            {
                // An installation token GitHub no longer takes (revoked, or its clock ahead of ours): mint another once.
                GitHubLog.CredentialRefused(logger, credential.Label);
                credential.Invalidate();
                response.Dispose();
                continue;
            }

            if (status is 403 or 429
                && spent.Remaining == 0
                && attempt < settings.MaxRetries
                && await credentials.ChooseAsync(repository, graphQL, cancellationToken) is { } other
                && other != credential
                && (graphQL ? other.GraphQLBudget : other.Budget).Available(time.GetUtcNow()) > 0)
            {
                // This credential is spent; another pooled one is not: use it now instead of waiting for the reset.
                response.Dispose();
                continue;
            }

            if (status is 403 or 429)
            {
                var wait = await RateLimitWaitAsync(response, spent, attempt, settings);
                if (wait is null)
                {
                    return response;
                }

                if (wait.Value > settings.MaxRateLimitWait || attempt >= settings.MaxRetries)
                {
                    response.Dispose();
                    var retryAt = time.GetUtcNow() + wait.Value;
                    throw new GitHubUnavailableException(GitHubFailure.RateLimited, $"GitHub's rate limit is exhausted until {retryAt:u}.", retryAt);
                }

                GitHubLog.RateLimitedWaiting(logger, request.RequestUri?.AbsolutePath, wait.Value);
                response.Dispose();
                await DelayAsync(wait.Value, cancellationToken);
                continue;
            }

            // 501 Not Implemented is no passing failure (a server without the endpoint, e.g. GraphQL): never retried.
            if (status >= 500 && status != 501 && attempt < settings.MaxRetries)
            {
                GitHubLog.ServerErrorRetry(logger, request.RequestUri?.AbsolutePath, status, attempt + 1);
                response.Dispose();
                await DelayAsync(Backoff(settings, attempt), cancellationToken);
                continue;
            }

            return response;
        }
    }

    /// <summary>The credential to send with, once its budget allows this request's priority.</summary>
    private async Task<GitHubCredential> WaitForBudgetAsync(Catalog.RepositoryId? repository, bool graphQL, GitHubOptions settings, CancellationToken cancellationToken)
    {
        var priority = budget.CurrentPriority;
        while (true)
        {
            var credential = await credentials.ChooseAsync(repository, graphQL, cancellationToken);
            var current = priority.Current;
            var wait = (graphQL ? credential.GraphQLBudget : credential.Budget).WaitBeforeNext(time.GetUtcNow(), settings.RateLimitReserve, current);
            if (wait <= TimeSpan.Zero)
            {
                return credential;
            }

            if (wait > settings.MaxRateLimitWait)
            {
                var retryAt = time.GetUtcNow() + wait;
                throw new GitHubUnavailableException(GitHubFailure.RateLimited, $"GitHub's rate limit is exhausted until {retryAt:u}.", retryAt);
            }

            GitHubLog.BudgetPause(logger, wait);
            // A person who joins a paused background scan may spend the reserve: the pause ends then, not at the reset.
            var raised = current == ScanPriority.Background ? priority.BecameInteractive : null;
            if (!await DelayAsync(wait, cancellationToken, endEarly: raised))
            {
                return credential;
            }
        }
    }

    /// <summary>Null: a 403 that is not a rate limit (let Octokit report it).</summary>
    private async Task<TimeSpan?> RateLimitWaitAsync(HttpResponseMessage response, CredentialBudget credential, int attempt, GitHubOptions settings)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? Max(date - time.GetUtcNow(), TimeSpan.Zero) : TimeSpan.FromMinutes(1));
        }

        if (credential.Remaining == 0 && credential.Reset is { } reset)
        {
            return Max(reset - time.GetUtcNow(), TimeSpan.FromSeconds(1));
        }

        await response.Content.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsStringAsync();
        var secondary = response.StatusCode == (HttpStatusCode)429
            || body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase)
            || body.Contains("abuse", StringComparison.OrdinalIgnoreCase);
        // GitHub: without retry-after or an exhausted budget, wait at least a minute, then back off exponentially.
        return secondary ? TimeSpan.FromMinutes(1) * Math.Pow(2, attempt) : null;
    }

    private static TimeSpan Backoff(GitHubOptions settings, int attempt) => settings.RetryBaseDelay * Math.Pow(2, attempt);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Waits out the delay, or until <paramref name="endEarly"/> completes; true when it ended early.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken, Task? endEarly = null)
    {
        if (delay <= TimeSpan.Zero)
        {
            return false;
        }

        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The timer exists before the request counts as waiting, so whoever sees it waiting can move the clock.
        var timer = Task.Delay(delay, time, stopTimer.Token);
        using (metrics.Waiting())
        {
            if (endEarly is null || await Task.WhenAny(timer, endEarly) == timer)
            {
                await timer;
                return false;
            }
        }

        await stopTimer.CancelAsync();
        return true;
    }

    /// <summary>
    /// The network failed, not GitHub: the handler wraps most such failures in <see cref="HttpRequestException"/>, but a
    /// connection reset right after connecting can surface as a bare <see cref="System.Net.Sockets.SocketException"/> or
    /// <see cref="IOException"/>.
    /// </summary>
    private static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or System.Net.Sockets.SocketException or IOException;
}
