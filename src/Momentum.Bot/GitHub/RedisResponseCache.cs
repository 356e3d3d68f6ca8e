using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Momentum.Bot.Store;
using Octokit;
using Octokit.Caching;
using Octokit.Internal;
using StackExchange.Redis;

namespace Momentum.Bot.GitHub;

/// <summary>
/// Octokit's response cache on Redis: GET responses are stored with their ETag, so Octokit sends
/// <c>If-None-Match</c> and an unchanged page comes back as a 304, which GitHub does not count against the rate limit.
/// Only 200s are stored (never /stats/ 202s); entries live <see cref="GitHubOptions.ResponseCacheTtl"/> after last use,
/// except a user profile's, which outlives the stored profile (<see cref="GitHubOptions.ProfileTtl"/> plus that), so the
/// lookup that refreshes an expired profile is a conditional request: a free 304 when the profile did not change.
/// Expiry is judged on the host's clock (the entry carries it) as well as by Redis, which only collects the garbage.
/// </summary>
public sealed partial class RedisResponseCache(
    IConnectionMultiplexer redis, RedisKeys keys, GitHubCredentialPool credentials, TimeProvider time, TimeSpan ttl, TimeSpan profileTtl) : IResponseCache
{
    public async Task<CachedResponse.V1> GetAsync(IRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = keys.ResponseCache(await KeyOfAsync(request));
        var lifetime = TtlOf(request);
        var value = await redis.GetDatabase().StringGetSetExpiryAsync(key, lifetime);
        if (value.IsNullOrEmpty)
        {
            return null!;
        }

        var entry = Compression.Read((byte[])value!, ResponseCacheJsonContext.Default.CachedEntry);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (entry is null || entry.Expires <= now)
        {
            return null!;
        }

        if (entry.Expires is not { } expires || expires - now < lifetime.TotalSeconds / 2)
        {
            // Used again: its life starts over (rewritten only past half of it, not on every read).
            await redis.GetDatabase().StringSetAsync(key, Compression.Write(entry with { Expires = now + (long)lifetime.TotalSeconds }, ResponseCacheJsonContext.Default.CachedEntry), lifetime);
        }

        var headers = new Dictionary<string, string>(entry.Headers, StringComparer.OrdinalIgnoreCase);
        return new CachedResponse.V1(entry.Body, headers, ApiInfoOf(headers), (HttpStatusCode)entry.Status, entry.ContentType);
    }

    public async Task SetAsync(IRequest request, CachedResponse.V1 cachedResponse)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cachedResponse);
        if (cachedResponse.StatusCode != HttpStatusCode.OK
            || cachedResponse.Body is not string body
            || request.Endpoint.OriginalString.Contains("/stats/", StringComparison.Ordinal)
            || string.IsNullOrEmpty(cachedResponse.ApiInfo?.Etag))
        {
            return;
        }

        var lifetime = TtlOf(request);
        var entry = new CachedEntry(
            body,
            cachedResponse.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
            (int)cachedResponse.StatusCode,
            cachedResponse.ContentType,
            time.GetUtcNow().ToUnixTimeSeconds() + (long)lifetime.TotalSeconds);
        await redis.GetDatabase().StringSetAsync(keys.ResponseCache(await KeyOfAsync(request)), Compression.Write(entry, ResponseCacheJsonContext.Default.CachedEntry), lifetime);
    }

    /// <summary>A user profile's entry must outlive the profile (stored for up to <c>profileTtl</c>) by a scan cycle or more.</summary>
    private TimeSpan TtlOf(IRequest request) =>
        request.Endpoint.OriginalString.TrimStart('/').StartsWith("users/", StringComparison.Ordinal) ? profileTtl + ttl : ttl;

    /// <summary>Method, full URL with sorted parameters, Accept header and the identity of the credential it goes out with.</summary>
    private async Task<string> KeyOfAsync(IRequest request)
    {
        var url = new Uri(request.BaseAddress, request.Endpoint);
        var credentialIdentity = await credentials.CacheIdentityAsync(url, CancellationToken.None);
        var text = new StringBuilder()
            .Append(request.Method).Append(' ')
            .Append(url.AbsoluteUri).Append('?');
        foreach (var (name, value) in request.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(value).Append('&');
        }

        request.Headers.TryGetValue("Accept", out var accept);
        text.Append(' ').Append(accept).Append(' ').Append(credentialIdentity);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..40];
    }

    private static ApiInfo ApiInfoOf(Dictionary<string, string> headers)
    {
        var links = new Dictionary<string, Uri>(StringComparer.Ordinal);
        if (headers.TryGetValue("Link", out var link))
        {
            foreach (var part in link.Split(','))
            {
                var url = LinkUrl().Match(part);
                var rel = LinkRel().Match(part);
                if (url.Success && rel.Success)
                {
                    links[rel.Groups[1].Value] = new Uri(url.Groups[1].Value);
                }
            }
        }

        headers.TryGetValue("ETag", out var etag);
        return new ApiInfo(links, [], [], etag, new RateLimit(headers), TimeSpan.Zero);
    }

    [GeneratedRegex("<(.+)>")]
    private static partial Regex LinkUrl();

    [GeneratedRegex("rel=\"(next|prev|first|last)\"")]
    private static partial Regex LinkRel();
}

/// <param name="Expires">Unix seconds on the host's clock; null in entries written before it was kept.</param>
internal sealed record CachedEntry(string Body, Dictionary<string, string> Headers, int Status, string ContentType, long? Expires = null);

[JsonSerializable(typeof(CachedEntry))]
internal sealed partial class ResponseCacheJsonContext : JsonSerializerContext;
