using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Momentum.Bot.Demo;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>A repository as search sees it: its topics and language (the rest comes from the repository itself).</summary>
public sealed record SearchEntry(string FullName, IReadOnlyList<string> Topics, string Language);

/// <summary>
/// GitHub's <c>GET /search/repositories</c> over the fake's repositories: the <c>topic:</c>, <c>pushed:&gt;</c>,
/// <c>stars:&lt;</c>, <c>language:</c> and <c>archived:</c> qualifiers, <c>sort=updated</c> (newest commit first),
/// <c>per_page</c>/<c>page</c> (capped at <see cref="PageSize"/>), and search's own rate limit (30 a minute, with
/// <c>x-ratelimit-resource: search</c>; a 403 when spent, as GitHub answers).
/// </summary>
public sealed class FakeSearch(TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = time.GetUtcNow();

    public List<SearchEntry> Index { get; } = [];

    /// <summary>The most results a page holds, whatever <c>per_page</c> asks (GitHub's is 100).</summary>
    public int PageSize { get; set; } = 100;

    public int Limit { get; set; } = 30;

    public int Remaining { get; set; } = 30;

    /// <summary>When the window resets; by default a minute after it began.</summary>
    public DateTimeOffset? ResetAt { get; set; }

    internal async Task HandleAsync(HttpContext context, LocalGitHubData data)
    {
        int remaining;
        DateTimeOffset reset;
        bool spent;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (ResetAt is null && now >= _windowStart.AddMinutes(1))
            {
                (_windowStart, Remaining) = (now, Limit);
            }

            reset = ResetAt ?? _windowStart.AddMinutes(1);
            spent = Remaining <= 0;
            if (!spent)
            {
                Remaining--;
            }

            remaining = Math.Max(Remaining, 0);
        }

        var headers = context.Response.Headers;
        headers["x-ratelimit-limit"] = Limit.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-used"] = (Limit - remaining).ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-resource"] = "search";
        if (spent)
        {
            await LocalGitHub.WriteAsync(context, 403, """{"message":"API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}""");
            return;
        }

        var query = context.Request.Query;
        var perPage = Math.Min(int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var p) ? p : 30, PageSize);
        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var n) ? n : 1;
        string body;
        lock (data.Sync)
        {
            var matches = Match(query["q"].ToString(), data).ToList();
            var items = matches.Skip((page - 1) * perPage).Take(perPage).ToList();
            body = LocalGitHub.Json(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("total_count", matches.Count);
                w.WriteBoolean("incomplete_results", false);
                w.WritePropertyName("items");
                w.WriteStartArray();
                foreach (var (repo, entry) in items)
                {
                    // The repository as GitHub shows it, plus what search adds.
                    using var one = JsonDocument.Parse(LocalGitHub.Json(x => LocalGitHub.WriteRepository(x, repo)));
                    w.WriteStartObject();
                    foreach (var property in one.RootElement.EnumerateObject())
                    {
                        property.WriteTo(w);
                    }

                    w.WriteString("language", entry.Language);
                    w.WriteString("pushed_at", Pushed(repo).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    w.WriteNumber("score", 1);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        await LocalGitHub.WriteAsync(context, 200, body);
    }

    private List<(LocalRepository Repo, SearchEntry Entry)> Match(string q, LocalGitHubData data)
    {
        var terms = q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? Term(string name) => terms.FirstOrDefault(t => t.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..];
        var topic = Term("topic");
        var language = Term("language");
        var stars = Term("stars") is { } s && s.StartsWith('<') ? int.Parse(s[1..], CultureInfo.InvariantCulture) : int.MaxValue;
        var pushed = Term("pushed") is { } d && d.StartsWith('>') ? DateTimeOffset.Parse(d[1..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : DateTimeOffset.MinValue;
        return Index
            .Where(e => data.Repositories.ContainsKey(e.FullName))
            .Select(e => (Repo: data.Repositories[e.FullName], Entry: e))
            .Where(x => topic is null || x.Entry.Topics.Contains(topic))
            .Where(x => language is null || string.Equals(x.Entry.Language, language, StringComparison.OrdinalIgnoreCase))
            .Where(x => x.Repo.Stars < stars && Pushed(x.Repo) > pushed)
            .OrderByDescending(x => Pushed(x.Repo))
            .ThenBy(x => x.Repo.FullName, StringComparer.Ordinal)
            .ToList();
    }

    private static DateTimeOffset Pushed(LocalRepository repo) =>
        repo.Commits.Count == 0 ? new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero) : repo.Commits.Max(c => c.CommittedAt);
}
