using System.Globalization;
using Octokit;

namespace Momentum.Bot.GitHub;

/// <summary>One repository a search found.</summary>
public sealed record SearchHit(string FullName, int Stars, string? Language, DateTimeOffset? PushedAt, bool Archived);

/// <summary>One page of <c>GET /search/repositories</c>, with the search limit it left (its own, 30 a minute).</summary>
public sealed record SearchPage(IReadOnlyList<SearchHit> Hits, int TotalCount, int? Remaining, DateTimeOffset? Reset);

/// <summary>GitHub's search limit is spent: nothing more may be searched until <see cref="Reset"/>.</summary>
public sealed class SearchRateLimitedException(DateTimeOffset reset)
    : Exception($"GitHub's search limit (30 a minute) is spent until {reset:HH:mm:ss} UTC.")
{
    public DateTimeOffset Reset { get; } = reset;
}

/// <summary>
/// <c>GET /search/repositories</c> through the same client (and so the same retries, ETag cache and request counters)
/// as every scan. Its rate limit is search's own: read here from the response headers and never mixed into the core
/// budget (<see cref="GitHubBudget.Observe"/> ignores it).
/// </summary>
public sealed class RepositorySearch(IGitHubClient github)
{
    public async Task<SearchPage> SearchAsync(string query, int perPage, int page, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>
        {
            ["q"] = query,
            ["sort"] = "updated",
            ["order"] = "desc",
            ["per_page"] = perPage.ToString(CultureInfo.InvariantCulture),
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            var response = await github.Connection.Get<SearchRepositoryResult>(new Uri("search/repositories", UriKind.Relative), parameters, null, cancellationToken);
            var (remaining, reset) = Limit(response.HttpResponse);
            var hits = response.Body.Items
                .Select(r => new SearchHit(r.FullName, r.StargazersCount, r.Language, r.PushedAt, r.Archived))
                .ToList();
            return new SearchPage(hits, response.Body.TotalCount, remaining, reset);
        }
        catch (ApiException ex) when ((int)ex.StatusCode is 403 or 429 && ex.HttpResponse is { } response && Limit(response) is (0, { } reset))
        {
            throw new SearchRateLimitedException(reset);
        }
    }

    private static (int? Remaining, DateTimeOffset? Reset) Limit(IResponse response)
    {
        int? remaining = Header(response, "x-ratelimit-remaining") is { } r && int.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        DateTimeOffset? reset = Header(response, "x-ratelimit-reset") is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)
            ? DateTimeOffset.FromUnixTimeSeconds(t)
            : null;
        return (remaining, reset);
    }

    private static string? Header(IResponse response, string name) =>
        response.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
