using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Momentum.Bot.Demo;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>An installation of the fake App: an account and the repositories it covers (all of the account's, or those listed).</summary>
public sealed record FakeInstallation(long Id, string Account, IReadOnlyList<string> Repositories, bool AllRepositories = false);

/// <summary>
/// The GitHub App side of the fake GitHub: <c>GET /app/installations</c> and <c>POST /app/installations/{id}/access_tokens</c>
/// take only a JWT signed by the App's private key (checked with its public key, its issuer and its ten-minute
/// window on the fake's clock); installation tokens expire after <see cref="TokenLifetime"/>, see only their
/// installation's repositories and spend their installation's budget.
/// </summary>
public sealed class FakeGitHubApp(string appId, RSA publicKey, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (long Installation, DateTimeOffset ExpiresAt)> _tokens = new(StringComparer.Ordinal);
    private int _minted;
    private int _rejected;

    public List<FakeInstallation> Installations { get; } = [];

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public int TokensMinted => Volatile.Read(ref _minted);

    /// <summary>Requests refused for a bad JWT or an unknown or expired installation token.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>Every token minted so far (tests check that none reaches a log).</summary>
    public IReadOnlyCollection<string> IssuedTokens => _tokens.Keys.ToList();

    /// <summary>Whose budget a request spends: <c>app-&lt;installation&gt;</c> for an installation token, else the token itself.</summary>
    public string RateKey(HttpContext context) =>
        Bearer(context) is { } token && _tokens.TryGetValue(token, out var issued) ? $"app-{issued.Installation}" : Bearer(context) ?? "anonymous";

    /// <summary>Answers the App's own endpoints; null for every other request.</summary>
    public (int Status, string Body)? Handle(HttpContext context)
    {
        var path = context.Request.Path.Value!.Trim('/');
        var segments = path.Split('/');
        switch (segments)
        {
            case ["app", "installations"] when HttpMethods.IsGet(context.Request.Method):
                return VerifyJwt(context) is { } refused ? Refuse(refused) : (200, Json(w => WriteInstallations(w, context)));
            case ["app", "installations", var id, "access_tokens"] when HttpMethods.IsPost(context.Request.Method):
                if (VerifyJwt(context) is { } error)
                {
                    return Refuse(error);
                }

                return Installations.FirstOrDefault(i => i.Id.ToString(CultureInfo.InvariantCulture) == id) is { } installation
                    ? (201, Mint(installation))
                    : (404, """{"message":"Not Found"}""");
            case ["installation", "repositories"] when HttpMethods.IsGet(context.Request.Method):
                return InstallationOf(context) is { } of ? (200, Json(w => WriteRepositories(w, of, context))) : Refuse("Bad credentials");
        }

        if (segments is ["repos", var owner, var name, ..] && Bearer(context) is { } token && token.StartsWith("ghs_", StringComparison.Ordinal))
        {
            if (InstallationOf(context) is not { } installation)
            {
                return Refuse("Bad credentials");
            }

            if (!Covers(installation, $"{owner}/{name}"))
            {
                return (404, """{"message":"Not Found"}""");
            }
        }

        return null;
    }

    private static bool Covers(FakeInstallation installation, string repo) =>
        installation.Repositories.Contains(repo, StringComparer.OrdinalIgnoreCase)
        || (installation.AllRepositories && repo.StartsWith(installation.Account + "/", StringComparison.OrdinalIgnoreCase));

    private (int, string) Refuse(string why)
    {
        Interlocked.Increment(ref _rejected);
        return (401, JsonSerializer.Serialize(new { message = why }));
    }

    private string Mint(FakeInstallation installation)
    {
        var token = "ghs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
        var expires = time.GetUtcNow() + TokenLifetime;
        _tokens[token] = (installation.Id, expires);
        Interlocked.Increment(ref _minted);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("token", token);
            w.WriteString("expires_at", expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        });
    }

    private FakeInstallation? InstallationOf(HttpContext context) =>
        Bearer(context) is { } token && _tokens.TryGetValue(token, out var issued) && time.GetUtcNow() < issued.ExpiresAt
            ? Installations.FirstOrDefault(i => i.Id == issued.Installation)
            : null;

    /// <summary>Null when the request carries a valid JWT of this App; otherwise why not.</summary>
    private string? VerifyJwt(HttpContext context)
    {
        if (Bearer(context) is not { } jwt || jwt.Split('.') is not [var header, var payload, var signature])
        {
            return "A JSON web token could not be decoded";
        }

        try
        {
            using var head = JsonDocument.Parse(Base64Url.DecodeFromChars(header));
            if (head.RootElement.GetProperty("alg").GetString() != "RS256")
            {
                return "'alg' must be RS256";
            }

            if (!publicKey.VerifyData(Encoding.ASCII.GetBytes(header + "." + payload), Base64Url.DecodeFromChars(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return "A JSON web token could not be decoded (signature)";
            }

            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(payload));
            var iat = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("iat").GetInt64());
            var exp = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
            var iss = claims.RootElement.GetProperty("iss").ToString();
            var now = time.GetUtcNow();
            if (iss != appId)
            {
                return "'Issuer' claim ('iss') must be an Integer";
            }

            if (exp <= now)
            {
                return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
            }

            if (iat > now.AddSeconds(60) || exp - iat > TimeSpan.FromMinutes(10))
            {
                return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued, and 'exp' no more than 10 minutes after it";
            }

            return null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException or CryptographicException)
        {
            return "A JSON web token could not be decoded";
        }
    }

    private void WriteInstallations(Utf8JsonWriter w, HttpContext context)
    {
        w.WriteStartArray();
        foreach (var installation in Page(context, Installations))
        {
            w.WriteStartObject();
            w.WriteNumber("id", installation.Id);
            w.WriteStartObject("account");
            w.WriteString("login", installation.Account);
            w.WriteString("type", "Organization");
            w.WriteEndObject();
            w.WriteString("repository_selection", installation.AllRepositories ? "all" : "selected");
            w.WriteString("app_id", appId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteRepositories(Utf8JsonWriter w, FakeInstallation installation, HttpContext context)
    {
        w.WriteStartObject();
        w.WriteNumber("total_count", installation.Repositories.Count);
        w.WriteStartArray("repositories");
        foreach (var repo in Page(context, installation.Repositories))
        {
            w.WriteStartObject();
            w.WriteString("full_name", repo);
            w.WriteString("name", repo.Split('/')[1]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static IEnumerable<T> Page<T>(HttpContext context, IReadOnlyList<T> items)
    {
        var perPage = int.TryParse(context.Request.Query["per_page"], CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 100) : 30;
        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var n) ? Math.Max(n, 1) : 1;
        return items.Skip((page - 1) * perPage).Take(perPage);
    }

    private static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && header[..space] is "Bearer" or "token" ? header[(space + 1)..].Trim() : null;
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
