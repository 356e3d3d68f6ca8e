using Momentum.Engine;

namespace Momentum.Bot.Catalog;

/// <summary>A project: one or more repositories whose activity is summed, and its vendor organisations.</summary>
public sealed record Project(string Name, IReadOnlyList<RepositoryId> Repositories, IReadOnlyList<Organization> Vendors, bool InCatalog)
{
    /// <summary>The project's own mail domains (catalog <c>projectDomains</c>).</summary>
    public IReadOnlyList<string> ProjectDomains { get; init; } = [];

    /// <summary>The project's GitHub organisations besides its repositories' owners (catalog <c>githubOrgs</c>).</summary>
    public IReadOnlyList<string> GitHubOrganizations { get; init; } = [];

    /// <summary>The packages and images it publishes (catalog <c>packages</c>): what adoption is read for.</summary>
    public IReadOnlyList<PackageId> Packages { get; init; } = [];

    /// <summary>What counts as the project itself: its domains, its repositories' owners and its GitHub organisations.</summary>
    public ProjectCommunity Community => new(ProjectDomains, Repositories.Select(r => r.Owner).Concat(GitHubOrganizations));
}
