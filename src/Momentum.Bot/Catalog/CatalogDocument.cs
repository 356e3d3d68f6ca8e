using System.Text.Json;
using System.Text.Json.Serialization;

namespace Momentum.Bot.Catalog;

public sealed record CatalogDocument(
    [property: JsonPropertyName("organizations")] IReadOnlyList<CatalogOrganization> Organizations,
    [property: JsonPropertyName("projects")] IReadOnlyList<CatalogProject> Projects);

public sealed record CatalogOrganization(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("domains")] IReadOnlyList<string>? Domains,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string>? Aliases)
{
    /// <summary><c>company</c> (the default), <c>foundation</c> or <c>academia</c>: foundations and schools are community.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>The organisation's GitHub organisations: a public member is affiliated to it.</summary>
    [JsonPropertyName("githubOrgs")]
    public IReadOnlyList<string>? GitHubOrganizations { get; init; }
}

public sealed record CatalogProject(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string>? Aliases,
    [property: JsonPropertyName("repositories")] IReadOnlyList<string> Repositories,
    [property: JsonPropertyName("vendors")] IReadOnlyList<string> Vendors)
{
    /// <summary>The project's own mail domains (<c>cilium.io</c>): its people there are community, never end-users.</summary>
    [JsonPropertyName("projectDomains")]
    public IReadOnlyList<string>? ProjectDomains { get; init; }

    /// <summary>The project's GitHub organisations beyond its repositories' owners.</summary>
    [JsonPropertyName("githubOrgs")]
    public IReadOnlyList<string>? GitHubOrganizations { get; init; }

    /// <summary>The packages and images it publishes, read by the adoption sources (see <see cref="PackageId"/>).</summary>
    [JsonPropertyName("packages")]
    public IReadOnlyList<CatalogPackage>? Packages { get; init; }
}

public sealed record CatalogPackage(
    [property: JsonPropertyName("system")] string System,
    [property: JsonPropertyName("name")] string Name);

[JsonSerializable(typeof(CatalogDocument))]
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
