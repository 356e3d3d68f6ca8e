using Momentum.Bot.Store;
using Octokit;
using Octokit.Internal;
using StackExchange.Redis;

namespace Momentum.Bot.GitHub;

public static class GitHubClientFactory
{
    /// <summary>
    /// Builds the Octokit client on our own <see cref="Connection"/>, so the base URL is used exactly as configured
    /// (<c>new GitHubClient(product, uri)</c> would append <c>/api/v3/</c> to any non-github.com host). Octokit sends no
    /// credentials of its own: <see cref="GitHubRateLimitHandler"/> adds the one the pool chooses for each request.
    /// </summary>
    public static GitHubClient Create(GitHubOptions options, HttpMessageHandler handler, IConnectionMultiplexer redis, RedisKeys keys, GitHubCredentialPool credentials, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        var connection = new Connection(
            new ProductHeaderValue("momentum-bot", "1.0"),
            baseUrl,
            new InMemoryCredentialStore(Credentials.Anonymous),
            new HttpClientAdapter(() => handler),
            new SimpleJsonSerializer());
        // ETags differ per credential: the cache key carries the credential's identity (a hash, never the token).
        connection.ResponseCache = new RedisResponseCache(redis, keys, credentials, time, options.ResponseCacheTtl, options.ProfileTtl);
        return new GitHubClient(connection);
    }
}
