namespace Momentum.Bot.GitHub;

internal static partial class GitHubLog
{
    [LoggerMessage(1, LogLevel.Warning, "GitHub request {Path} failed ({Error}); retry {Attempt}")]
    public static partial void NetworkRetry(ILogger logger, string? path, int attempt, string error);

    [LoggerMessage(2, LogLevel.Warning, "GitHub answered {Status} to {Path}; retry {Attempt}")]
    public static partial void ServerErrorRetry(ILogger logger, string? path, int status, int attempt);

    [LoggerMessage(3, LogLevel.Warning, "GitHub rate-limited {Path}; waiting {Wait}")]
    public static partial void RateLimitedWaiting(ILogger logger, string? path, TimeSpan wait);

    [LoggerMessage(4, LogLevel.Information, "GitHub budget at its reserve; pausing {Wait} until the reset")]
    public static partial void BudgetPause(ILogger logger, TimeSpan wait);

    [LoggerMessage(5, LogLevel.Information, "Scanned {Repository}: {Counted} new events, {Requests} requests ({NotModified} not modified) in {Elapsed}")]
    public static partial void Scanned(ILogger logger, string repository, int counted, long requests, long notModified, TimeSpan elapsed);

    [LoggerMessage(6, LogLevel.Warning, "Scan of {Repository} failed: {Reason}")]
    public static partial void ScanFailed(ILogger logger, string repository, string reason);

    [LoggerMessage(7, LogLevel.Debug, "Profile lookups for {Repository}: {Looked} looked up, {Left} left for later scans")]
    public static partial void Profiles(ILogger logger, string repository, int looked, int left);

    [LoggerMessage(15, LogLevel.Debug, "Public organisation memberships looked up for {Repository}: {Looked}")]
    public static partial void Memberships(ILogger logger, string repository, int looked);

    [LoggerMessage(8, LogLevel.Warning, "GitHub is unreachable ({Reason}); requests fail at once for {Pause}")]
    public static partial void Unreachable(ILogger logger, TimeSpan pause, string reason);

    [LoggerMessage(9, LogLevel.Information, "GitHub App: {Installations} installations covering {Repositories} listed repositories")]
    public static partial void AppInstallations(ILogger logger, int installations, int repositories);

    [LoggerMessage(10, LogLevel.Warning, "GitHub App installations could not be listed: {Reason}")]
    public static partial void AppListingFailed(ILogger logger, string reason);

    [LoggerMessage(11, LogLevel.Debug, "GitHub App: new token for installation {Installation}, valid until {ExpiresAt}")]
    public static partial void AppTokenMinted(ILogger logger, long installation, DateTimeOffset expiresAt);

    [LoggerMessage(12, LogLevel.Warning, "GitHub refused the token of {Credential}; a new one is minted")]
    public static partial void CredentialRefused(ILogger logger, string credential);

    [LoggerMessage(13, LogLevel.Warning, "GitHub at {Host} has no GraphQL API ({Reason}); commit history is read by REST from now on")]
    public static partial void GraphQLUnsupported(ILogger logger, string host, string reason);

    [LoggerMessage(14, LogLevel.Information, "GraphQL budget of {Credential} is spent until {ResetAt}; {Repository} reads its commits by REST")]
    public static partial void GraphQLBudgetFallback(ILogger logger, string credential, DateTimeOffset resetAt, string repository);
}
