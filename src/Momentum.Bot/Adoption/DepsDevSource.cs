using Momentum.Bot.Catalog;

namespace Momentum.Bot.Adoption;

/// <summary>
/// deps.dev: the packages that depend on the default version. v3's GetPackage names the default version
/// (<c>versions[].isDefault</c>); the dependent counts exist only in v3alpha's GetDependents
/// (<c>…/versions/{v}:dependents</c>: <c>dependentCount</c>, <c>directDependentCount</c>; proto3 JSON omits zeros).
/// See docs/adoption-sources.md.
/// </summary>
public sealed class DepsDevSource : IAdoptionSource
{
    public string Name => "DepsDev";

    public string Label => "deps.dev";

    public Uri DefaultBaseUrl { get; } = new("https://api.deps.dev/");

    public bool Reads(PackageId package) => package is { System: "npm" or "cargo" or "go" or "pypi" or "maven" };

    public async Task<SourceAnswer> FetchAsync(AdoptionHttp http, Uri baseUrl, PackageId package, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(package);
        var path = $"systems/{package.System}/packages/{Uri.EscapeDataString(package.Name)}";
        string version;
        var (info, _) = await http.GetJsonAsync(Name, new Uri(baseUrl, "v3/" + path), null, cancellationToken);
        using (info)
        {
            var versions = AdoptionJson.Property(info!.RootElement, "versions");
            version = versions.ValueKind == System.Text.Json.JsonValueKind.Array
                ? versions.EnumerateArray()
                    .Where(v => v.TryGetProperty("isDefault", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.True)
                    .Select(v => AdoptionJson.Property(AdoptionJson.Property(v, "versionKey"), "version").GetString())
                    .LastOrDefault() ?? throw new AdoptionSourceException("no default version")
                : throw new AdoptionSourceException("malformed answer ('versions' is not a list)");
        }

        return await http.ReadAsync(Name, new Uri(baseUrl, $"v3alpha/{path}/versions/{Uri.EscapeDataString(version)}:dependents"), etag, Metric, root =>
        {
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new AdoptionSourceException("malformed answer");
            }

            // proto3 JSON leaves a zero out.
            var all = root.TryGetProperty("dependentCount", out _) ? AdoptionJson.Count(root, "dependentCount") : 0;
            var direct = root.TryGetProperty("directDependentCount", out _) ? AdoptionJson.Count(root, "directDependentCount") : 0;
            return (all, $"{direct:N0} direct, of version {version}");
        }, cancellationToken);
    }

    private const string Metric = "dependent packages";
}
