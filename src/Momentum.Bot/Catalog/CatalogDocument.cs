using System.Text.Json;
using System.Text.Json.Serialization;

namespace Momentum.Bot.Catalog;

public sealed record CatalogDocument(
    [property: JsonPropertyName("organizations")] IReadOnlyList<CatalogOrganization> Organizations,
    [property: JsonPropertyName("projects")] IReadOnlyList<CatalogProject> Projects);

public sealed record CatalogOrganization(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("domains")] IReadOnlyList<string>? Domains,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string>? Aliases);

public sealed record CatalogProject(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string>? Aliases,
    [property: JsonPropertyName("repositories")] IReadOnlyList<string> Repositories,
    [property: JsonPropertyName("vendors")] IReadOnlyList<string> Vendors);

[JsonSerializable(typeof(CatalogDocument))]
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
