using Momentum.Bot.Catalog;

namespace Momentum.Bot.Adoption;

/// <summary>npm's download counts: <c>GET /downloads/point/last-week/{package}</c> → <c>downloads</c> (scoped names as <c>@scope/name</c>).</summary>
public sealed class NpmSource : IAdoptionSource
{
    public string Name => "Npm";

    public string Label => "npm";

    public Uri DefaultBaseUrl { get; } = new("https://api.npmjs.org/");

    public bool Reads(PackageId package) => package is { System: "npm" };

    public async Task<SourceAnswer> FetchAsync(AdoptionHttp http, Uri baseUrl, PackageId package, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(package);
        // "@scope/name" keeps its one slash; everything else in the name is escaped.
        var name = string.Join('/', package.Name.Split('/').Select(Uri.EscapeDataString)).Replace("%40", "@", StringComparison.Ordinal);
        return await http.ReadAsync(Name, new Uri(baseUrl, $"downloads/point/last-week/{name}"), etag, Metric, root =>
            (AdoptionJson.Count(root, "downloads"), root.TryGetProperty("end", out var end) && end.ValueKind == System.Text.Json.JsonValueKind.String ? $"week to {end.GetString()}" : null),
            cancellationToken);
    }

    private const string Metric = "downloads last week";
}
