namespace Momentum.Bot.Demo;

public sealed record LocalCommit(
    string Sha,
    string? AuthorLogin,
    string AuthorName,
    string AuthorEmail,
    DateTimeOffset AuthoredAt,
    DateTimeOffset CommittedAt,
    int Parents = 1,
    string AuthorType = "User");

public sealed record LocalPull(
    int Number,
    string Login,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? MergedAt = null,
    DateTimeOffset? ClosedAt = null,
    string UserType = "User");

public sealed record LocalIssue(int Number, string Login, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt = null, string UserType = "User");

public sealed record LocalComment(long Id, int IssueNumber, string Login, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string UserType = "User");

public sealed record LocalUser(string Login, string? Company, string Type = "User")
{
    /// <summary>The profile's public email (<c>email</c> of <c>/users/{login}</c>), null for none.</summary>
    public string? Email { get; init; }
}

public sealed class LocalRepository(string fullName)
{
    public string FullName { get; } = fullName;

    public string DefaultBranch { get; set; } = "main";

    public int Stars { get; set; }

    public List<LocalCommit> Commits { get; } = [];

    public List<LocalPull> Pulls { get; } = [];

    public List<LocalIssue> Issues { get; } = [];

    public List<LocalComment> Comments { get; } = [];

    /// <summary>Top-level files (path → text), served by the contents and git blobs APIs.</summary>
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public bool IsPull(int number) => Pulls.Exists(p => p.Number == number);

    public int NextNumber() => Math.Max(Pulls.Count == 0 ? 0 : Pulls.Max(p => p.Number), Issues.Count == 0 ? 0 : Issues.Max(i => i.Number)) + 1;
}

/// <summary>What a <see cref="LocalGitHubServer"/> serves. Mutate it under <see cref="Sync"/> while the server runs.</summary>
public sealed class LocalGitHubData
{
    public Lock Sync { get; } = new();

    public Dictionary<string, LocalRepository> Repositories { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, LocalUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Login → the GitHub organisations it is a public member of (<c>/users/{login}/orgs</c>).</summary>
    public Dictionary<string, List<string>> UserOrganizations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public LocalRepository AddRepository(string fullName)
    {
        lock (Sync)
        {
            var repository = new LocalRepository(fullName);
            Repositories[fullName] = repository;
            return repository;
        }
    }

    /// <summary>A realistic commit SHA (40 hex digits, uniformly distributed) derived from any text.</summary>
    public static string Sha(string seed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)))[..40];

    public void AddUser(string login, string? company, string type = "User")
    {
        lock (Sync)
        {
            Users[login] = new LocalUser(login, company, type);
        }
    }
}
