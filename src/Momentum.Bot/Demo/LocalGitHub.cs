using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Momentum.Bot.Demo;

/// <summary>
/// A small GitHub REST API over <see cref="LocalGitHubData"/>: the repository, commits, pulls, issues, issue comments,
/// users and rate_limit endpoints, in GitHub's JSON shape, with <c>Link</c> pagination, ETags and 304s (which do not
/// spend the rate limit) and <c>x-ratelimit-*</c> headers; and <c>POST /graphql</c> answering the one history query
/// Momentum sends (<see cref="GitHub.GitHubGraphQL.HistoryQuery"/>) with its own point budget. The demo's local GitHub
/// serves it; nothing else is here.
/// </summary>
public sealed class LocalGitHub(LocalGitHubData data, TimeProvider time, int rateLimit = 5000)
{
    private readonly Lock _rateGate = new();
    private readonly int _rateLimit = rateLimit;
    private readonly Dictionary<string, int> _remaining = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _points = new(StringComparer.Ordinal);

    public LocalGitHubData Data => data;

    public int RateLimit => _rateLimit;

    /// <summary>Requests the rate limit still allows (conditional requests answered 304 cost nothing).</summary>
    public int Remaining => RemainingFor("");

    /// <summary>Whose budget a request spends (GitHub: per user or App installation); one shared budget unless set.</summary>
    public Func<HttpContext, string> RateKey { get; set; } = _ => "";

    public int RemainingFor(string key)
    {
        lock (_rateGate)
        {
            return _remaining.GetValueOrDefault(key, _rateLimit);
        }
    }

    /// <summary>Sets what is left of one budget (tests start a credential part-spent).</summary>
    public void SetRemaining(string key, int remaining)
    {
        lock (_rateGate)
        {
            _remaining[key] = remaining;
        }
    }

    /// <summary>GraphQL points per credential per hour (GitHub: 5,000); each history query costs one.</summary>
    public int PointLimit { get; set; } = 5000;

    /// <summary>GraphQL points left in one budget.</summary>
    public int PointsRemainingFor(string key)
    {
        lock (_rateGate)
        {
            return _points.GetValueOrDefault(key, PointLimit);
        }
    }

    /// <summary>Sets what is left of one GraphQL point budget.</summary>
    public void SetPointsRemaining(string key, int remaining)
    {
        lock (_rateGate)
        {
            _points[key] = remaining;
        }
    }

    /// <summary>Answers one request as GitHub would.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/graphql", StringComparison.Ordinal))
        {
            await GraphQLAsync(context);
            return;
        }

        var (status, body, link) = Route(request);
        if (status == 200 && body is not null)
        {
            var etag = "W/\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32] + "\"";
            context.Response.Headers.ETag = etag;
            if (link is not null)
            {
                context.Response.Headers["Link"] = link;
            }

            if (request.Headers.IfNoneMatch.ToString() == etag)
            {
                // A conditional request that matches costs nothing against the rate limit.
                WriteRateHeaders(context, spend: false);
                context.Response.StatusCode = 304;
                return;
            }
        }

        WriteRateHeaders(context, spend: !request.Path.StartsWithSegments("/rate_limit", StringComparison.Ordinal));
        await WriteAsync(context, status, body ?? """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""");
    }

    public void WriteRateHeaders(HttpContext context, bool spend)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = RateKey(context);
        int remaining;
        lock (_rateGate)
        {
            remaining = _remaining.GetValueOrDefault(key, _rateLimit);
            if (spend && remaining > 0)
            {
                remaining--;
            }

            _remaining[key] = remaining;
        }

        var reset = time.GetUtcNow().AddHours(1).ToUnixTimeSeconds();
        context.Response.Headers["x-ratelimit-limit"] = _rateLimit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-ratelimit-used"] = (_rateLimit - remaining).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-ratelimit-reset"] = reset.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["x-ratelimit-resource"] = "core";
    }

    private async Task GraphQLAsync(HttpContext context)
    {
        JsonDocument query;
        try
        {
            query = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await WriteAsync(context, 400, """{"message":"Problems parsing JSON"}""");
            return;
        }

        using (query)
        {
            var key = RateKey(context);
            int remaining;
            lock (_rateGate)
            {
                remaining = _points.GetValueOrDefault(key, PointLimit);
                if (remaining > 0)
                {
                    _points[key] = remaining - 1;
                }
            }

            var reset = time.GetUtcNow().AddHours(1);
            context.Response.Headers["x-ratelimit-limit"] = PointLimit.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["x-ratelimit-remaining"] = Math.Max(remaining - 1, 0).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["x-ratelimit-resource"] = "graphql";
            if (remaining <= 0)
            {
                // As GitHub does: 200 with a RATE_LIMITED error.
                await WriteAsync(context, 200, """{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for user ID 1."}]}""");
                return;
            }

            var root = query.RootElement;
            if (!root.TryGetProperty("query", out var text) || text.GetString() != GitHub.GitHubGraphQL.HistoryQuery
                || !root.TryGetProperty("variables", out var variables))
            {
                await WriteAsync(context, 200, """{"errors":[{"message":"This test server answers only Momentum's history query."}]}""");
                return;
            }

            var owner = variables.GetProperty("owner").GetString();
            var name = variables.GetProperty("name").GetString();
            var since = variables.TryGetProperty("since", out var s) && s.ValueKind == JsonValueKind.String ? s.GetDateTimeOffset() : (DateTimeOffset?)null;
            var offset = variables.TryGetProperty("after", out var a) && a.ValueKind == JsonValueKind.String
                ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(a.GetString()!)).Split(':')[1], CultureInfo.InvariantCulture)
                : 0;
            string body;
            lock (data.Sync)
            {
                data.Repositories.TryGetValue($"{owner}/{name}", out var repo);
                body = Json(w => WriteHistory(w, repo, since, offset, Math.Max(remaining - 1, 0), reset));
            }

            await WriteAsync(context, 200, body);
        }
    }

    private void WriteHistory(Utf8JsonWriter w, LocalRepository? repo, DateTimeOffset? since, int offset, int remaining, DateTimeOffset reset)
    {
        w.WriteStartObject();
        if (repo is null)
        {
            w.WriteStartObject("data");
            w.WriteNull("repository");
            w.WriteEndObject();
            w.WriteStartArray("errors");
            w.WriteStartObject();
            w.WriteString("type", "NOT_FOUND");
            w.WriteString("message", "Could not resolve to a Repository.");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            return;
        }

        var all = repo.Commits.Where(c => since is null || c.CommittedAt >= since)
            .OrderByDescending(c => c.CommittedAt).ThenBy(c => c.Sha, StringComparer.Ordinal).ToList();
        var slice = all.Skip(offset).Take(100).ToList();
        w.WriteStartObject("data");
        w.WriteStartObject("rateLimit");
        w.WriteNumber("cost", 1);
        w.WriteNumber("limit", PointLimit);
        w.WriteNumber("remaining", remaining);
        w.WriteString("resetAt", Iso(reset));
        w.WriteEndObject();
        w.WriteStartObject("repository");
        if (repo.Commits.Count == 0)
        {
            w.WriteNull("defaultBranchRef");
        }
        else
        {
            w.WriteStartObject("defaultBranchRef");
            w.WriteStartObject("target");
            w.WriteStartObject("history");
            w.WriteStartObject("pageInfo");
            w.WriteBoolean("hasNextPage", offset + slice.Count < all.Count);
            w.WriteString("endCursor", Convert.ToBase64String(Encoding.UTF8.GetBytes($"cursor:{offset + slice.Count}")));
            w.WriteEndObject();
            w.WriteStartArray("nodes");
            foreach (var c in slice)
            {
                w.WriteStartObject();
                w.WriteString("oid", c.Sha);
                w.WriteString("committedDate", Iso(c.CommittedAt));
                w.WriteStartObject("parents");
                w.WriteNumber("totalCount", c.Parents);
                w.WriteEndObject();
                w.WriteStartObject("author");
                w.WriteString("email", c.AuthorEmail);
                w.WriteString("date", Iso(c.AuthoredAt));
                // GraphQL links users only: a bot (an App's account) is no User, so its commits have none.
                if (c.AuthorLogin is null || c.AuthorType == "Bot")
                {
                    w.WriteNull("user");
                }
                else
                {
                    w.WriteStartObject("user");
                    w.WriteString("login", c.AuthorLogin);
                    var company = data.Users.TryGetValue(c.AuthorLogin, out var user) ? user.Company : null;
                    if (company is null)
                    {
                        w.WriteNull("company");
                    }
                    else
                    {
                        w.WriteString("company", company);
                    }

                    // GraphQL's User.email is non-null: "" when the profile shows none.
                    w.WriteString("email", user?.Email ?? "");

                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static async Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body);
    }

    private (int Status, string? Body, string? Link) Route(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method))
        {
            return (404, null, null);
        }

        var segments = request.Path.Value!.Trim('/').Split('/');
        lock (data.Sync)
        {
            switch (segments)
            {
                case ["rate_limit"]:
                    return (200, RateLimitJson(), null);
                case ["users", var login]:
                    return data.Users.TryGetValue(login, out var user) ? (200, Json(w => WriteUser(w, user)), null) : (404, null, null);
                case ["users", var member, "orgs"]:
                    return data.Users.ContainsKey(member) ? Page(request, data.UserOrganizations.GetValueOrDefault(member) ?? [], WriteOrganization) : (404, null, null);
            }

            if (segments.Length < 3 || segments[0] != "repos" || !data.Repositories.TryGetValue($"{segments[1]}/{segments[2]}", out var repo))
            {
                return (404, null, null);
            }

            return segments[3..] switch
            {
                [] => (200, Json(w => WriteRepository(w, repo)), null),
                ["commits"] => Page(request, Commits(repo, request), (w, c) => WriteCommit(w, repo, c)),
                ["pulls"] => Page(request, Pulls(repo, request), (w, p) => WritePull(w, repo, p)),
                ["issues"] => Page(request, Issues(repo, request), (w, i) => WriteIssue(w, repo, i)),
                ["issues", "comments"] => Page(request, Comments(repo, request), (w, c) => WriteComment(w, repo, c)),
                ["contents"] => (200, Json(w => WriteListing(w, request, repo)), null),
                ["git", "blobs", var sha] => repo.Files.Values.FirstOrDefault(f => BlobSha(f) == sha) is { } text ? (200, Json(w => WriteBlob(w, text)), null) : (404, null, null),
                _ => (404, null, null),
            };
        }
    }

    // Git's blob id: SHA-1 of "blob {length}\0{content}".
    private static string BlobSha(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
#pragma warning disable CA5350 // Git names blobs by SHA-1; this is an identifier, not security.
        return Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));
#pragma warning restore CA5350
    }

    private static void WriteListing(Utf8JsonWriter w, HttpRequest request, LocalRepository repo)
    {
        w.WriteStartArray();
        foreach (var (path, text) in repo.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("type", "file");
            w.WriteString("name", path);
            w.WriteString("path", path);
            w.WriteString("sha", BlobSha(text));
            w.WriteNumber("size", Encoding.UTF8.GetByteCount(text));
            w.WriteString("url", $"{request.Scheme}://{request.Host}/repos/{repo.FullName}/contents/{path}");
            w.WriteString("git_url", $"{request.Scheme}://{request.Host}/repos/{repo.FullName}/git/blobs/{BlobSha(text)}");
            w.WriteString("html_url", $"https://github.com/{repo.FullName}/blob/main/{path}");
            w.WriteString("download_url", $"{request.Scheme}://{request.Host}/raw/{repo.FullName}/{path}");
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteBlob(Utf8JsonWriter w, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        w.WriteStartObject();
        w.WriteString("sha", BlobSha(text));
        w.WriteNumber("size", bytes.Length);
        w.WriteString("encoding", "base64");
        w.WriteString("content", Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks));
        w.WriteEndObject();
    }

    private static void WriteOrganization(Utf8JsonWriter w, string login)
    {
        w.WriteStartObject();
        w.WriteString("login", login);
        w.WriteNumber("id", Math.Abs(login.GetHashCode(StringComparison.OrdinalIgnoreCase)));
        w.WriteString("description", "");
        w.WriteEndObject();
    }

    private static IEnumerable<LocalCommit> Commits(LocalRepository repo, HttpRequest request)
    {
        var since = Instant(request, "since");
        var until = Instant(request, "until");
        return repo.Commits
            .Where(c => (since is null || c.CommittedAt >= since) && (until is null || c.CommittedAt <= until))
            .OrderByDescending(c => c.CommittedAt).ThenBy(c => c.Sha, StringComparer.Ordinal);
    }

    private static IEnumerable<LocalPull> Pulls(LocalRepository repo, HttpRequest request)
    {
        var state = request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
        var items = repo.Pulls.Where(p => state == "all" || (state == "open") == (p.ClosedAt is null));
        var sort = request.Query["sort"].ToString();
        var ascending = request.Query["direction"].ToString() == "asc";
        Func<LocalPull, DateTimeOffset> key = sort == "updated" ? p => p.UpdatedAt : p => p.CreatedAt;
        return ascending ? items.OrderBy(key).ThenBy(p => p.Number) : items.OrderByDescending(key).ThenByDescending(p => p.Number);
    }

    private static IEnumerable<(LocalIssue Issue, LocalPull? Pull)> Issues(LocalRepository repo, HttpRequest request)
    {
        var since = Instant(request, "since");
        var state = request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
        // GitHub's issues endpoint lists pull requests too.
        var items = repo.Issues.Select(i => (Issue: i, Pull: (LocalPull?)null))
            .Concat(repo.Pulls.Select(p => (Issue: new LocalIssue(p.Number, p.Login, p.CreatedAt, p.UpdatedAt, p.ClosedAt, p.UserType), Pull: (LocalPull?)p)))
            .Where(x => (since is null || x.Issue.UpdatedAt >= since) && (state == "all" || (state == "open") == (x.Issue.ClosedAt is null)));
        var ascending = request.Query["direction"].ToString() == "asc";
        Func<(LocalIssue Issue, LocalPull? Pull), DateTimeOffset> key = request.Query["sort"].ToString() == "updated" ? x => x.Issue.UpdatedAt : x => x.Issue.CreatedAt;
        return ascending ? items.OrderBy(key).ThenBy(x => x.Issue.Number) : items.OrderByDescending(key).ThenByDescending(x => x.Issue.Number);
    }

    private static IEnumerable<LocalComment> Comments(LocalRepository repo, HttpRequest request)
    {
        var since = Instant(request, "since");
        var items = repo.Comments.Where(c => since is null || c.UpdatedAt >= since);
        var ascending = request.Query["direction"].ToString() != "desc";
        Func<LocalComment, DateTimeOffset> key = request.Query["sort"].ToString() == "updated" ? c => c.UpdatedAt : c => c.CreatedAt;
        return ascending ? items.OrderBy(key).ThenBy(c => c.Id) : items.OrderByDescending(key).ThenByDescending(c => c.Id);
    }

    private static (int, string?, string?) Page<T>(HttpRequest request, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        var perPage = Math.Clamp(IntQuery(request, "per_page") ?? 30, 1, 100);
        var page = Math.Max(IntQuery(request, "page") ?? 1, 1);
        var all = items.ToList();
        var slice = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        string? link = null;
        if (page < last)
        {
            link = $"<{PageUrl(request, page + 1)}>; rel=\"next\", <{PageUrl(request, last)}>; rel=\"last\"";
        }

        return (200, Json(w =>
        {
            w.WriteStartArray();
            foreach (var item in slice)
            {
                write(w, item);
            }

            w.WriteEndArray();
        }), link);
    }

    private static string PageUrl(HttpRequest request, int page)
    {
        var query = request.Query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"page={page}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private string RateLimitJson() => Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("resources");
        w.WriteStartObject("core");
        w.WriteNumber("limit", RateLimit);
        w.WriteNumber("remaining", Remaining);
        w.WriteNumber("used", RateLimit - Remaining);
        w.WriteNumber("reset", time.GetUtcNow().AddHours(1).ToUnixTimeSeconds());
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("rate");
        w.WriteNumber("limit", RateLimit);
        w.WriteNumber("remaining", Remaining);
        w.WriteNumber("reset", time.GetUtcNow().AddHours(1).ToUnixTimeSeconds());
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static void WriteRepository(Utf8JsonWriter w, LocalRepository repo)
    {
        var owner = repo.FullName.Split('/')[0];
        w.WriteStartObject();
        w.WriteNumber("id", StableId(repo.FullName));
        w.WriteString("node_id", "R_" + StableId(repo.FullName));
        w.WriteString("name", repo.FullName.Split('/')[1]);
        w.WriteString("full_name", repo.FullName);
        w.WritePropertyName("owner");
        WriteAccount(w, owner, "Organization");
        w.WriteBoolean("private", false);
        w.WriteString("html_url", $"https://github.com/{repo.FullName}");
        w.WriteBoolean("fork", false);
        w.WriteString("created_at", "2019-01-01T00:00:00Z");
        w.WriteNumber("stargazers_count", repo.Stars);
        w.WriteNumber("watchers_count", repo.Stars);
        w.WriteNumber("forks_count", repo.Stars / 10);
        w.WriteNumber("open_issues_count", repo.Issues.Count(i => i.ClosedAt is null));
        w.WriteString("default_branch", repo.DefaultBranch);
        w.WriteBoolean("has_issues", true);
        w.WriteBoolean("archived", false);
        w.WriteEndObject();
    }

    private static void WriteCommit(Utf8JsonWriter w, LocalRepository repo, LocalCommit c)
    {
        w.WriteStartObject();
        w.WriteString("sha", c.Sha);
        w.WriteString("node_id", "C_" + c.Sha);
        w.WriteString("html_url", $"https://github.com/{repo.FullName}/commit/{c.Sha}");
        w.WriteStartObject("commit");
        w.WriteStartObject("author");
        w.WriteString("name", c.AuthorName);
        w.WriteString("email", c.AuthorEmail);
        w.WriteString("date", Iso(c.AuthoredAt));
        w.WriteEndObject();
        w.WriteStartObject("committer");
        w.WriteString("name", "GitHub");
        w.WriteString("email", "noreply@github.com");
        w.WriteString("date", Iso(c.CommittedAt));
        w.WriteEndObject();
        w.WriteString("message", "change");
        w.WriteNumber("comment_count", 0);
        w.WriteEndObject();
        w.WritePropertyName("author");
        if (c.AuthorLogin is null)
        {
            w.WriteNullValue();
        }
        else
        {
            WriteAccount(w, c.AuthorLogin, c.AuthorType);
        }

        w.WritePropertyName("committer");
        WriteAccount(w, "web-flow", "User");
        w.WriteStartArray("parents");
        for (var i = 0; i < c.Parents; i++)
        {
            w.WriteStartObject();
            w.WriteString("sha", $"{c.Sha}p{i}");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePull(Utf8JsonWriter w, LocalRepository repo, LocalPull p)
    {
        w.WriteStartObject();
        w.WriteNumber("id", StableId($"{repo.FullName}#{p.Number}"));
        w.WriteNumber("number", p.Number);
        w.WriteString("state", p.ClosedAt is null ? "open" : "closed");
        w.WriteString("title", $"Pull request {p.Number}");
        w.WriteString("html_url", $"https://github.com/{repo.FullName}/pull/{p.Number}");
        w.WritePropertyName("user");
        WriteAccount(w, p.Login, p.UserType);
        w.WriteString("created_at", Iso(p.CreatedAt));
        w.WriteString("updated_at", Iso(p.UpdatedAt));
        WriteNullable(w, "closed_at", p.ClosedAt);
        WriteNullable(w, "merged_at", p.MergedAt);
        w.WriteBoolean("draft", false);
        w.WriteString("author_association", "CONTRIBUTOR");
        w.WriteEndObject();
    }

    private static void WriteIssue(Utf8JsonWriter w, LocalRepository repo, (LocalIssue Issue, LocalPull? Pull) item)
    {
        var (i, pull) = item;
        w.WriteStartObject();
        w.WriteNumber("id", StableId($"{repo.FullName}#{i.Number}"));
        w.WriteNumber("number", i.Number);
        w.WriteString("state", i.ClosedAt is null ? "open" : "closed");
        w.WriteString("title", $"Item {i.Number}");
        w.WriteString("html_url", $"https://github.com/{repo.FullName}/{(pull is null ? "issues" : "pull")}/{i.Number}");
        w.WritePropertyName("user");
        WriteAccount(w, i.Login, i.UserType);
        w.WriteString("created_at", Iso(i.CreatedAt));
        w.WriteString("updated_at", Iso(i.UpdatedAt));
        WriteNullable(w, "closed_at", i.ClosedAt);
        w.WriteNumber("comments", repo.Comments.Count(c => c.IssueNumber == i.Number));
        w.WriteString("author_association", "CONTRIBUTOR");
        if (pull is not null)
        {
            w.WriteStartObject("pull_request");
            w.WriteString("url", $"https://api.github.com/repos/{repo.FullName}/pulls/{i.Number}");
            w.WriteString("html_url", $"https://github.com/{repo.FullName}/pull/{i.Number}");
            WriteNullable(w, "merged_at", pull.MergedAt);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteComment(Utf8JsonWriter w, LocalRepository repo, LocalComment c)
    {
        var kind = repo.IsPull(c.IssueNumber) ? "pull" : "issues";
        w.WriteStartObject();
        w.WriteNumber("id", c.Id);
        w.WriteString("html_url", $"https://github.com/{repo.FullName}/{kind}/{c.IssueNumber}#issuecomment-{c.Id}");
        w.WriteString("issue_url", $"https://api.github.com/repos/{repo.FullName}/issues/{c.IssueNumber}");
        w.WriteString("body", "Thanks!");
        w.WritePropertyName("user");
        WriteAccount(w, c.Login, c.UserType);
        w.WriteString("created_at", Iso(c.CreatedAt));
        w.WriteString("updated_at", Iso(c.UpdatedAt));
        w.WriteString("author_association", "MEMBER");
        w.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter w, LocalUser user)
    {
        w.WriteStartObject();
        w.WriteString("login", user.Login);
        w.WriteNumber("id", StableId(user.Login));
        w.WriteString("node_id", "U_" + StableId(user.Login));
        w.WriteString("type", user.Type);
        w.WriteBoolean("site_admin", false);
        if (user.Company is null)
        {
            w.WriteNull("company");
        }
        else
        {
            w.WriteString("company", user.Company);
        }

        if (user.Email is null)
        {
            w.WriteNull("email");
        }
        else
        {
            w.WriteString("email", user.Email);
        }

        w.WriteString("created_at", "2015-01-01T00:00:00Z");
        w.WriteString("updated_at", "2025-01-01T00:00:00Z");
        w.WriteEndObject();
    }

    private static void WriteAccount(Utf8JsonWriter w, string login, string type)
    {
        w.WriteStartObject();
        w.WriteString("login", login);
        w.WriteNumber("id", StableId(login));
        w.WriteString("type", type);
        w.WriteBoolean("site_admin", false);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, Iso(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    public static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static long StableId(string text) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text))) & 0x7FFFFFFF;

    private static int? IntQuery(HttpRequest request, string name) =>
        int.TryParse(request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? Instant(HttpRequest request, string name) =>
        DateTimeOffset.TryParse(request.Query[name].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
