using System.Security.Cryptography;
using System.Text;
using Momentum.Bot.Store;
using Octokit;
using Octokit.Internal;
using StackExchange.Redis;

namespace Momentum.Bot.GitHub;

public static class GitHubClientFactory
{
    /// <summary>
    /// Builds the Octokit client on our own <see cref="Connection"/>, so the base URL is used exactly as configured
    /// (<c>new GitHubClient(product, uri)</c> would append <c>/api/v3/</c> to any non-github.com host).
    /// </summary>
    public static GitHubClient Create(GitHubOptions options, HttpMessageHandler handler, IConnectionMultiplexer redis, RedisKeys keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        var credentials = string.IsNullOrWhiteSpace(options.Token) ? Credentials.Anonymous : new Credentials(options.Token);
        var connection = new Connection(
            new ProductHeaderValue("momentum-bot", "1.0"),
            baseUrl,
            new InMemoryCredentialStore(credentials),
            new HttpClientAdapter(() => handler),
            new SimpleJsonSerializer());
        // ETags differ per token: the cache key carries a hash of it, never the token itself.
        var identity = string.IsNullOrWhiteSpace(options.Token)
            ? "anonymous"
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.Token)))[..12];
        connection.ResponseCache = new RedisResponseCache(redis, keys, options.ResponseCacheTtl, identity);
        return new GitHubClient(connection);
    }
}
