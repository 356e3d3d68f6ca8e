using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Momentum.Bot.GitHub;

/// <summary>
/// One way of authenticating to GitHub with its own rate budget: a personal token, an App installation (whose token
/// is minted and replaced by <see cref="GitHubAppInstallations"/>), or none. Its <see cref="Label"/> names it in
/// logs and metrics; the secret never leaves <see cref="AuthorizeAsync"/>.
/// </summary>
public sealed class GitHubCredential
{
    private readonly Func<CancellationToken, ValueTask<string?>> _token;
    private readonly Action _invalidate;

    private GitHubCredential(string label, CredentialBudget budget, CredentialBudget graphQLBudget, string cacheIdentity, long? installationId, Func<CancellationToken, ValueTask<string?>> token, Action invalidate)
    {
        Label = label;
        Budget = budget;
        GraphQLBudget = graphQLBudget;
        CacheIdentity = cacheIdentity;
        InstallationId = installationId;
        _token = token;
        _invalidate = invalidate;
    }

    public string Label { get; }

    public CredentialBudget Budget { get; }

    /// <summary>This credential's GraphQL point budget (GitHub's <c>graphql</c> resource), kept apart from <see cref="Budget"/>.</summary>
    public CredentialBudget GraphQLBudget { get; }

    /// <summary>What the ETag cache keys this credential's responses by: a short hash of a token, or the installation's label.</summary>
    public string CacheIdentity { get; }

    public long? InstallationId { get; }

    public static GitHubCredential Token(string label, string token, GitHubBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var identity = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12];
        return new GitHubCredential(label, budget.Credential(label), budget.GraphQLCredential(label), identity, null, _ => ValueTask.FromResult<string?>(token), () => { });
    }

    public static GitHubCredential Anonymous(GitHubBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return new GitHubCredential("anonymous", budget.Credential("anonymous"), budget.GraphQLCredential("anonymous"), "anonymous", null, _ => ValueTask.FromResult<string?>(null), () => { });
    }

    public static GitHubCredential Installation(long id, GitHubBudget budget, Func<CancellationToken, ValueTask<string?>> token, Action invalidate)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var label = $"app-{id}";
        return new GitHubCredential(label, budget.Credential(label), budget.GraphQLCredential(label), label, id, token, invalidate);
    }

    /// <summary>The header to send, or null (anonymous).</summary>
    public async ValueTask<AuthenticationHeaderValue?> AuthorizeAsync(CancellationToken cancellationToken) =>
        await _token(cancellationToken) is { } token ? new AuthenticationHeaderValue("Bearer", token) : null;

    /// <summary>GitHub refused the current token (an installation token revoked early): the next request gets a new one.</summary>
    public void Invalidate() => _invalidate();

    public override string ToString() => Label;
}
