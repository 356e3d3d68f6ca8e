using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;

namespace Momentum.Bot.GitHub;

/// <summary>
/// Which credential a GitHub request goes out with: a repository's requests use the App installation that covers it;
/// everything else (and a repository no installation covers) the pooled personal token with the most budget left
/// (without personal tokens, the installation with the most). Every credential keeps its own budget in
/// <see cref="GitHubBudget"/>, under a label that names it without revealing it.
/// </summary>
public sealed class GitHubCredentialPool : IDisposable
{
    private readonly Uri _baseUrl;
    private readonly GitHubBudget _budget;
    private readonly TimeProvider _time;
    private readonly GitHubAppInstallations? _app;
    private readonly List<GitHubCredential> _tokens;

    public GitHubCredentialPool(IOptions<GitHubOptions> options, GitHubBudget budget, TimeProvider time, GitHubAppInstallations? app = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budget);
        var settings = options.Value;
        _baseUrl = settings.BaseUrl;
        _budget = budget;
        _time = time;
        _app = app;
        var tokens = new[] { settings.Token }.Concat(settings.Tokens)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t!.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        _tokens = tokens.Select((t, i) => GitHubCredential.Token($"token-{i + 1}", t, budget)).ToList();
        if (_tokens.Count == 0 && app is null)
        {
            _tokens = [GitHubCredential.Anonymous(budget)];
        }

        // Shared by every pooled token: GitHub answers a conditional request with the credential it is sent with, so a
        // 304 only confirms what that credential sees, and moving between tokens (or rotating one) keeps the cache warm.
        PoolIdentity = _tokens.Count > 0 ? _tokens[0].CacheIdentity : "app-pool";
    }

    /// <summary>The App behind the pool, if one is configured.</summary>
    public GitHubAppInstallations? App => _app;

    public IReadOnlyList<GitHubCredential> Tokens => _tokens;

    private string PoolIdentity { get; }

    public ValueTask<GitHubCredential> ChooseAsync(Uri requestUri, CancellationToken cancellationToken) =>
        ChooseAsync(RepositoryOf(requestUri), graphQL: false, cancellationToken);

    /// <summary>
    /// The credential for a request about <paramref name="repository"/> (the installation covering it, else the
    /// pooled one with most budget left: GraphQL points when <paramref name="graphQL"/>, REST requests otherwise).
    /// </summary>
    public async ValueTask<GitHubCredential> ChooseAsync(RepositoryId? repository, bool graphQL, CancellationToken cancellationToken)
    {
        var coverage = await CoverageAsync(cancellationToken);
        if (repository is { } repo && coverage.For(repo) is { } installation)
        {
            return installation;
        }

        var now = _time.GetUtcNow();
        var pool = _tokens.Count > 0 ? _tokens : coverage.Installations;
        if (pool.Count == 0)
        {
            throw new GitHubUnavailableException(GitHubFailure.Unauthorized, "The GitHub App has no installations and no personal token is set (GitHub__Token or GitHub__Tokens__N).");
        }

        // Most budget left wins; on a tie, the first (so a single token behaves exactly as before).
        var best = pool[0];
        foreach (var credential in pool.Skip(1))
        {
            if (BudgetOf(credential, graphQL).Available(now) > BudgetOf(best, graphQL).Available(now))
            {
                best = credential;
            }
        }

        return best;
    }

    /// <summary>What the response cache keys a request's entry by: its installation's label, or the pool's.</summary>
    private static CredentialBudget BudgetOf(GitHubCredential credential, bool graphQL) => graphQL ? credential.GraphQLBudget : credential.Budget;

    public async ValueTask<string> CacheIdentityAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        var coverage = await CoverageAsync(cancellationToken);
        return RepositoryOf(requestUri) is { } repo && coverage.For(repo) is { } installation ? installation.CacheIdentity : PoolIdentity;
    }

    /// <summary>Every credential's budget, by its non-secret label.</summary>
    public IReadOnlyList<CredentialBudget> Budgets => _budget.Credentials;

    private async ValueTask<InstallationCoverage> CoverageAsync(CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            return InstallationCoverage.None;
        }

        try
        {
            return await _app.CoverageAsync(cancellationToken);
        }
        catch (GitHubUnavailableException) when (_tokens.Count > 0)
        {
            // The App could not be asked (logged where it failed): the personal tokens serve meanwhile.
            return InstallationCoverage.None;
        }
    }

    public void Dispose() => _app?.Dispose();

    /// <summary>The repository a REST URL addresses (<c>…/repos/{owner}/{name}/…</c> under the base URL), if any.</summary>
    internal RepositoryId? RepositoryOf(Uri requestUri)
    {
        var path = requestUri.AbsolutePath;
        var basePath = _baseUrl.AbsolutePath.TrimEnd('/');
        if (!path.StartsWith(basePath + "/repos/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var segments = path[(basePath.Length + "/repos/".Length)..].Split('/', 3);
        return segments.Length >= 2 && RepositoryId.TryCreate(Uri.UnescapeDataString(segments[0]), Uri.UnescapeDataString(segments[1]), out var repo, out _)
            ? repo
            : null;
    }
}
