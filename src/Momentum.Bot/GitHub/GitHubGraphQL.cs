using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;

namespace Momentum.Bot.GitHub;

/// <summary>One commit of a GraphQL history page, with its author's linked GitHub user when there is one.</summary>
public sealed record GraphQLCommit(
    string Oid,
    DateTimeOffset CommittedAt,
    DateTimeOffset? AuthoredAt,
    int Parents,
    string? Email,
    string? Login,
    string? Company,
    string? UserEmail = null);

/// <summary>A page of the default branch's history, newest first; <see cref="EndCursor"/> continues it.</summary>
public sealed record GraphQLHistoryPage(IReadOnlyList<GraphQLCommit> Commits, bool HasNextPage, string? EndCursor);

/// <summary>The server has no GraphQL API (answered 404/501, or said so): read by REST instead.</summary>
public sealed class GraphQLUnavailableException(string message) : Exception(message);

/// <summary>
/// GitHub's GraphQL API, for what it answers cheaper than REST: a repository's commit history with each author's
/// login and company in one paged query (REST needs a <c>/users/{login}</c> lookup per author). Requests go through
/// the same <see cref="GitHubRateLimitHandler"/> as REST, spending the credential's <c>graphql</c> point budget, which
/// each answer's <c>rateLimit</c> block keeps current. A server without GraphQL is noticed once and remembered.
/// </summary>
public sealed partial class GitHubGraphQL : IDisposable
{
    /// <summary>
    /// The one history query, fixed so a GitHub-compatible test server can recognise it. The user's public
    /// <c>email</c> is a scalar (no extra cost). No <c>organizations</c>:
    /// nothing stores them, and a per-commit connection would double each page's cost (201 instead of 101 connection
    /// requests, 2 points instead of 1).
    /// </summary>
    public const string HistoryQuery =
        "query($owner:String!,$name:String!,$since:GitTimestamp,$after:String){"
        + "rateLimit{cost limit remaining resetAt}"
        + "repository(owner:$owner,name:$name){defaultBranchRef{target{... on Commit{"
        + "history(first:100,since:$since,after:$after){pageInfo{hasNextPage endCursor}"
        + "nodes{oid committedDate parents{totalCount} author{email date user{login company email}}}}}}}}}";

    /// <summary>The repository a GraphQL request is about (its URL does not say), for choosing the credential.</summary>
    public static readonly HttpRequestOptionsKey<RepositoryId> RepositoryOption = new("momentum.graphql.repository");

    /// <summary>Set by the handler: the credential the request went out with, whose point budget its answer reports.</summary>
    public static readonly HttpRequestOptionsKey<GitHubCredential> CredentialOption = new("momentum.graphql.credential");

    // Hosts found without GraphQL, with the reason (in memory: a restart asks again, once).
    private readonly ConcurrentDictionary<string, string> _unsupported = new(StringComparer.OrdinalIgnoreCase);

    private readonly HttpClient _http;
    private readonly GitHubCredentialPool _credentials;
    private readonly GitHubBudget _budget;
    private readonly TimeProvider _time;
    private readonly IOptions<GitHubOptions> _options;
    private readonly ILogger<GitHubGraphQL> _logger;

    public GitHubGraphQL(GitHubRateLimitHandler handler, GitHubCredentialPool credentials, GitHubBudget budget, TimeProvider time, IOptions<GitHubOptions> options, ILogger<GitHubGraphQL> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("momentum-bot", "1.0"));
        _credentials = credentials;
        _budget = budget;
        _time = time;
        _options = options;
        _logger = logger;
        Endpoint = EndpointFor(options.Value.BaseUrl);
    }

    /// <summary>github.com: <c>https://api.github.com/graphql</c>; Enterprise Server: <c>https://HOST/api/graphql</c> beside <c>/api/v3/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>False once this server was found to have no GraphQL API (remembered per host for the process's life).</summary>
    public bool Supported => !_unsupported.ContainsKey(Endpoint.Authority);

    internal static Uri EndpointFor(Uri baseUrl)
    {
        var text = baseUrl.AbsoluteUri.TrimEnd('/');
        return text.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)
            ? new Uri(text[..^"/v3".Length] + "/graphql")
            : new Uri(text + "/graphql");
    }

    /// <summary>
    /// Whether the credential that would serve <paramref name="repository"/> has GraphQL points to spend at the current
    /// priority; when not, <paramref name="resetAt"/> says until when.
    /// </summary>
    public async Task<(bool CanSpend, string Credential, DateTimeOffset ResetAt)> PointsAvailableAsync(RepositoryId repository, CancellationToken cancellationToken)
    {
        var credential = await _credentials.ChooseAsync(repository, graphQL: true, cancellationToken);
        var now = _time.GetUtcNow();
        var wait = credential.GraphQLBudget.WaitBeforeNext(now, _options.Value.RateLimitReserve, _budget.CurrentPriority.Current);
        return (wait <= TimeSpan.Zero, credential.Label, now + wait);
    }

    /// <summary>One page of the default branch's history committed since <paramref name="since"/>, newest first.</summary>
    public async Task<GraphQLHistoryPage> HistoryAsync(RepositoryId repository, DateTimeOffset since, string? after, CancellationToken cancellationToken)
    {
        if (!Supported)
        {
            throw new GraphQLUnavailableException($"GitHub at {Endpoint.Authority} has no GraphQL API.");
        }

        var variables = new Dictionary<string, string?>
        {
            ["owner"] = repository.Owner,
            ["name"] = repository.Name,
            ["since"] = since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["after"] = after,
        };
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["query"] = HistoryQuery, ["variables"] = variables });

        // A spent point budget answers 200 with a RATE_LIMITED error: the second attempt waits for the reset in the
        // handler (as long as MaxRateLimitWait allows, otherwise it stops the scan as rate-limited).
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Options.Set(RepositoryOption, repository);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(request, cancellationToken);
            request.Options.TryGetValue(CredentialOption, out var credential);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (status is 404 or 501 or 405)
            {
                throw MarkUnsupported($"POST {Endpoint.AbsolutePath} answered {status}");
            }

            if (status is 401 or 403)
            {
                throw new GitHubUnavailableException(GitHubFailure.Unauthorized, $"GitHub refused the GraphQL query ({status}).");
            }

            if (status != 200)
            {
                throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub answered {status} to the GraphQL query for {repository}.");
            }

            using var json = ParseOrNull(text) ?? throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub's GraphQL answer for {repository} is not JSON.");
            var root = json.RootElement;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
            if (data is { } withData && credential is not null)
            {
                ObserveRateLimit(withData, credential.GraphQLBudget);
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                var rateLimited = Errors(errors).FirstOrDefault(e => e.Type == "RATE_LIMITED");
                if (rateLimited.Message is not null)
                {
                    var resetAt = ResetHeader(response) ?? _time.GetUtcNow().AddHours(1);
                    credential?.GraphQLBudget.ObservePoints(0, 0, resetAt, null);
                    if (attempt == 0 && resetAt - _time.GetUtcNow() <= _options.Value.MaxRateLimitWait)
                    {
                        continue;
                    }

                    throw new GitHubUnavailableException(GitHubFailure.RateLimited, $"GitHub's GraphQL rate limit is exhausted until {resetAt:u}.", resetAt);
                }

                if (Errors(errors).Any(e => e.Type == "NOT_FOUND"))
                {
                    throw new RepositoryNotFoundException(repository.ToString());
                }

                if (data is null)
                {
                    var message = string.Join("; ", Errors(errors).Select(e => e.Message));
                    if (NoGraphQL().IsMatch(message))
                    {
                        throw MarkUnsupported(message);
                    }

                    throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub's GraphQL API answered an error for {repository}: {message}");
                }
            }

            if (data is not { } result)
            {
                throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub's GraphQL answer for {repository} has no data.");
            }

            return ReadHistory(result, repository);
        }
    }

    private GraphQLUnavailableException MarkUnsupported(string reason)
    {
        if (_unsupported.TryAdd(Endpoint.Authority, reason))
        {
            GitHubLog.GraphQLUnsupported(_logger, Endpoint.Authority, reason);
        }

        return new GraphQLUnavailableException($"GitHub at {Endpoint.Authority} has no GraphQL API ({reason}).");
    }

    private static GraphQLHistoryPage ReadHistory(JsonElement data, RepositoryId repository)
    {
        if (!data.TryGetProperty("repository", out var repo) || repo.ValueKind != JsonValueKind.Object)
        {
            throw new RepositoryNotFoundException(repository.ToString());
        }

        // An empty repository has no default branch: no history to read.
        if (!repo.TryGetProperty("defaultBranchRef", out var branch) || branch.ValueKind != JsonValueKind.Object
            || !branch.TryGetProperty("target", out var target) || !target.TryGetProperty("history", out var history))
        {
            return new GraphQLHistoryPage([], false, null);
        }

        var commits = new List<GraphQLCommit>();
        foreach (var node in history.GetProperty("nodes").EnumerateArray())
        {
            var author = node.TryGetProperty("author", out var a) && a.ValueKind == JsonValueKind.Object ? a : (JsonElement?)null;
            var user = author is { } au && au.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object ? u : (JsonElement?)null;
            commits.Add(new GraphQLCommit(
                node.GetProperty("oid").GetString()!,
                node.GetProperty("committedDate").GetDateTimeOffset(),
                author is { } ad && ad.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.String ? date.GetDateTimeOffset() : null,
                node.TryGetProperty("parents", out var parents) ? parents.GetProperty("totalCount").GetInt32() : 1,
                author is { } ae && ae.TryGetProperty("email", out var email) ? email.GetString() : null,
                user is { } ul ? ul.GetProperty("login").GetString() : null,
                user is { } uc && uc.TryGetProperty("company", out var company) ? company.GetString() : null,
                user is { } um && um.TryGetProperty("email", out var userEmail) && userEmail.ValueKind == JsonValueKind.String ? userEmail.GetString() : null));
        }

        var page = history.GetProperty("pageInfo");
        return new GraphQLHistoryPage(commits, page.GetProperty("hasNextPage").GetBoolean(), page.TryGetProperty("endCursor", out var end) ? end.GetString() : null);
    }

    private static void ObserveRateLimit(JsonElement data, CredentialBudget budget)
    {
        if (data.TryGetProperty("rateLimit", out var rate) && rate.ValueKind == JsonValueKind.Object
            && rate.TryGetProperty("remaining", out var remaining) && rate.TryGetProperty("resetAt", out var resetAt))
        {
            budget.ObservePoints(
                rate.TryGetProperty("cost", out var cost) ? cost.GetInt32() : 1,
                remaining.GetInt32(),
                resetAt.GetDateTimeOffset(),
                rate.TryGetProperty("limit", out var limit) ? limit.GetInt32() : null);
        }
    }

    private static IEnumerable<(string? Type, string? Message)> Errors(JsonElement errors) =>
        errors.EnumerateArray().Select(e => (
            e.TryGetProperty("type", out var t) ? t.GetString() : null,
            e.TryGetProperty("message", out var m) ? m.GetString() : null));

    private static DateTimeOffset? ResetHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ratelimit-reset", out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static JsonDocument? ParseOrNull(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"graphql.*(not (supported|available|enabled)|disabled|unavailable)|(not (supported|available|enabled)|disabled|unavailable).*graphql", RegexOptions.IgnoreCase)]
    private static partial Regex NoGraphQL();

    public void Dispose() => _http.Dispose();
}
