using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Momentum.Bot.Catalog;

namespace Momentum.Bot.GitHub;

/// <summary>Which repositories the App's installations cover: listed ones, and every repository of an account installed with "all".</summary>
public sealed class InstallationCoverage(
    IReadOnlyList<GitHubCredential> installations,
    IReadOnlyDictionary<string, GitHubCredential> repositories,
    IReadOnlyDictionary<string, GitHubCredential> accounts)
{
    public static InstallationCoverage None { get; } = new([], new Dictionary<string, GitHubCredential>(), new Dictionary<string, GitHubCredential>());

    public IReadOnlyList<GitHubCredential> Installations => installations;

    public int RepositoryCount => repositories.Count;

    public GitHubCredential? For(RepositoryId repo) =>
        repositories.GetValueOrDefault(repo.ToString().ToLowerInvariant()) ?? accounts.GetValueOrDefault(repo.Owner.ToLowerInvariant());
}

/// <summary>
/// A GitHub App's side of authentication: signs its JWT, lists its installations (<c>GET /app/installations</c>) and
/// the repositories each covers (<c>GET /installation/repositories</c>), again every
/// <see cref="GitHubAppOptions.InstallationsRefresh"/>, and mints one token per installation
/// (<c>POST /app/installations/{id}/access_tokens</c>), replaced <see cref="GitHubAppOptions.TokenRefreshBefore"/>
/// before it expires. One refresh at a time each, however many requests need it.
/// </summary>
public sealed class GitHubAppInstallations : IDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);
    private readonly GitHubAppOptions _options;
    private readonly HttpClient _http;
    private readonly GitHubBudget _budget;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GitHubAppJwt _jwt;
    private readonly SemaphoreSlim _coverageGate = new(1, 1);
    private readonly ConcurrentDictionary<long, Installation> _installations = new();
    private InstallationCoverage? _coverage;
    private DateTimeOffset _nextListing = DateTimeOffset.MinValue;
    private GitHubUnavailableException? _lastFailure;
    private int _minted;

    public GitHubAppInstallations(GitHubAppOptions options, Uri baseUrl, HttpMessageHandler handler, GitHubBudget budget, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _budget = budget;
        _time = time;
        _logger = logger;
        _jwt = new GitHubAppJwt(options.Id!.Trim(), options.ReadPrivateKey());
        _http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseUrl };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("momentum-bot", "1.0"));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        _http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
    }

    /// <summary>Installation tokens minted so far (each one a request GitHub does not count against any budget).</summary>
    public int TokensMinted => Volatile.Read(ref _minted);

    /// <summary>
    /// The installations and what they cover, listed again when due. A failed listing keeps the last good one (and is
    /// tried again a minute later); with none yet it throws the failure.
    /// </summary>
    public async Task<InstallationCoverage> CoverageAsync(CancellationToken cancellationToken)
    {
        if (_coverage is { } known && _time.GetUtcNow() < _nextListing)
        {
            return known;
        }

        await _coverageGate.WaitAsync(cancellationToken);
        try
        {
            if (_time.GetUtcNow() < _nextListing)
            {
                return _coverage ?? throw _lastFailure!;
            }

            try
            {
                _coverage = await ListAsync(cancellationToken);
                _lastFailure = null;
                _nextListing = _time.GetUtcNow() + _options.InstallationsRefresh;
                GitHubLog.AppInstallations(_logger, _coverage.Installations.Count, _coverage.RepositoryCount);
            }
            catch (GitHubUnavailableException ex)
            {
                GitHubLog.AppListingFailed(_logger, ex.Message);
                _lastFailure = ex;
                _nextListing = _time.GetUtcNow() + RetryAfterFailure;
                if (_coverage is null)
                {
                    throw;
                }
            }

            return _coverage ?? throw _lastFailure!;
        }
        finally
        {
            _coverageGate.Release();
        }
    }

    private async Task<InstallationCoverage> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<(GitHubCredential Credential, string Account, bool All)>();
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Invariant($"app/installations?per_page=100&page={page}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _jwt.Create(_time.GetUtcNow()));
            using var response = await SendAsync(request, null, cancellationToken);
            await EnsureAsync(response, "list the App's installations", cancellationToken);
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var items = json.RootElement.EnumerateArray().ToList();
            foreach (var item in items)
            {
                var id = item.GetProperty("id").GetInt64();
                var account = item.TryGetProperty("account", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("login", out var l) ? l.GetString() ?? "" : "";
                var all = item.TryGetProperty("repository_selection", out var s) && s.GetString() == "all";
                found.Add((CredentialOf(id), account, all));
            }

            if (items.Count < 100)
            {
                break;
            }
        }

        var repositories = new Dictionary<string, GitHubCredential>(StringComparer.Ordinal);
        var accounts = new Dictionary<string, GitHubCredential>(StringComparer.Ordinal);
        foreach (var (credential, account, all) in found)
        {
            if (all && account.Length > 0)
            {
                accounts[account.ToLowerInvariant()] = credential;
            }

            foreach (var name in await RepositoriesAsync(credential, cancellationToken))
            {
                repositories.TryAdd(name.ToLowerInvariant(), credential);
            }
        }

        return new InstallationCoverage(found.Select(f => f.Credential).ToList(), repositories, accounts);
    }

    private async Task<List<string>> RepositoriesAsync(GitHubCredential credential, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Invariant($"installation/repositories?per_page=100&page={page}"));
            request.Headers.Authorization = await credential.AuthorizeAsync(cancellationToken);
            using var response = await SendAsync(request, credential.Budget, cancellationToken);
            await EnsureAsync(response, $"list the repositories of installation {credential.InstallationId}", cancellationToken);
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var items = json.RootElement.GetProperty("repositories").EnumerateArray().ToList();
            names.AddRange(items.Select(r => r.GetProperty("full_name").GetString()).OfType<string>());
            if (items.Count < 100)
            {
                return names;
            }
        }
    }

    private GitHubCredential CredentialOf(long id) =>
        _installations.GetOrAdd(id, i => new Installation(i, this)).Credential;

    private async Task<(string Token, DateTimeOffset ExpiresAt)> MintAsync(long id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Invariant($"app/installations/{id}/access_tokens"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _jwt.Create(_time.GetUtcNow()));
        using var response = await SendAsync(request, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Uninstalled since the last listing: list again at the next request.
            _nextListing = DateTimeOffset.MinValue;
        }

        await EnsureAsync(response, $"mint a token for installation {id}", cancellationToken);
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var token = json.RootElement.GetProperty("token").GetString() ?? throw new GitHubUnavailableException(GitHubFailure.Unauthorized, $"GitHub answered no token for installation {id}.");
        var expires = json.RootElement.TryGetProperty("expires_at", out var e) && e.TryGetDateTimeOffset(out var at) ? at : _time.GetUtcNow().AddHours(1);
        Interlocked.Increment(ref _minted);
        GitHubLog.AppTokenMinted(_logger, id, expires);
        return (token, expires);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CredentialBudget? budget, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _http.SendAsync(request, cancellationToken);
            if (budget is not null)
            {
                _budget.Observe(response, budget);
            }

            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException { InnerException: TimeoutException })
        {
            throw new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub is unreachable for the App ({ex.Message.TrimEnd('.')}).", null, ex);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return;
        }

        // GitHub's message says why (a bad signature, an expired JWT); it never echoes the JWT or a token.
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = body.Length > 200 ? body[..200] : body;
        throw status is 401 or 403 or 404
            ? new GitHubUnavailableException(GitHubFailure.Unauthorized, $"GitHub refused the App's request to {what} ({status}: {message}); check GitHub__App__Id and GitHub__App__PrivateKey (or …PrivateKeyPath).")
            : new GitHubUnavailableException(GitHubFailure.Unreachable, $"GitHub answered {status} to the App's request to {what}.");
    }

    public void Dispose()
    {
        _jwt.Dispose();
        _http.Dispose();
        _coverageGate.Dispose();
        foreach (var installation in _installations.Values)
        {
            installation.Dispose();
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One installation's token, minted when first needed and again when it nears expiry or GitHub refuses it.</summary>
    private sealed class Installation : IDisposable
    {
        private readonly long _id;
        private readonly GitHubAppInstallations _app;
        private readonly SemaphoreSlim _gate = new(1, 1);
        private (string Token, DateTimeOffset ExpiresAt)? _current;

        public Installation(long id, GitHubAppInstallations app)
        {
            _id = id;
            _app = app;
            Credential = GitHubCredential.Installation(id, app._budget, TokenAsync, () => _current = null);
        }

        public GitHubCredential Credential { get; }

        private async ValueTask<string?> TokenAsync(CancellationToken cancellationToken)
        {
            if (Fresh(_current) is { } token)
            {
                return token;
            }

            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (Fresh(_current) is { } again)
                {
                    return again;
                }

                _current = await _app.MintAsync(_id, cancellationToken);
                return _current.Value.Token;
            }
            finally
            {
                _gate.Release();
            }
        }

        private string? Fresh((string Token, DateTimeOffset ExpiresAt)? current) =>
            current is { } c && _app._time.GetUtcNow() < c.ExpiresAt - _app._options.TokenRefreshBefore ? c.Token : null;

        public void Dispose() => _gate.Dispose();
    }
}
