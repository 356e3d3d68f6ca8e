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
/// Only 200s are stored (never /stats/ 202s); entries live <see cref="GitHubOptions.ResponseCacheTtl"/> after last use.
/// </summary>
public sealed partial class RedisResponseCache(IConnectionMultiplexer redis, RedisKeys keys, TimeSpan ttl, string credentialIdentity) : IResponseCache
{
    public async Task<CachedResponse.V1> GetAsync(IRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = await redis.GetDatabase().StringGetSetExpiryAsync(keys.ResponseCache(KeyOf(request)), ttl);
        if (value.IsNullOrEmpty)
        {
            return null!;
        }

        var entry = Compression.Read((byte[])value!, ResponseCacheJsonContext.Default.CachedEntry);
        if (entry is null)
        {
            return null!;
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

        var entry = new CachedEntry(body, cachedResponse.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase), (int)cachedResponse.StatusCode, cachedResponse.ContentType);
        await redis.GetDatabase().StringSetAsync(keys.ResponseCache(KeyOf(request)), Compression.Write(entry, ResponseCacheJsonContext.Default.CachedEntry), ttl);
    }

    /// <summary>Method, full URL with sorted parameters, Accept header and the credential's identity.</summary>
    private string KeyOf(IRequest request)
    {
        var text = new StringBuilder()
            .Append(request.Method).Append(' ')
            .Append(new Uri(request.BaseAddress, request.Endpoint).AbsoluteUri).Append('?');
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

internal sealed record CachedEntry(string Body, Dictionary<string, string> Headers, int Status, string ContentType);

[JsonSerializable(typeof(CachedEntry))]
internal sealed partial class ResponseCacheJsonContext : JsonSerializerContext;
