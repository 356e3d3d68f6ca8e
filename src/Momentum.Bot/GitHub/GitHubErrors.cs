namespace Momentum.Bot.GitHub;

public sealed class RepositoryNotFoundException(string repository)
    : Exception($"GitHub has no repository {repository} (or it is private to this token).")
{
    public string Repository { get; } = repository;
}

public enum GitHubFailure
{
    Unreachable,
    RateLimited,
    Unauthorized,
}

/// <summary>GitHub could not be asked: unreachable, failing, rate-limited or refusing the token.</summary>
public sealed class GitHubUnavailableException(GitHubFailure failure, string message, DateTimeOffset? retryAt = null, Exception? inner = null)
    : Exception(message, inner)
{
    public GitHubFailure Failure { get; } = failure;

    public DateTimeOffset? RetryAt { get; } = retryAt;
}
