using Momentum.Bot.Catalog;

namespace Momentum.Bot.Adoption;

/// <summary>crates.io: <c>GET /api/v1/crates/{name}</c> → <c>crate.recent_downloads</c> (90 days) and <c>crate.downloads</c> (all time). Needs a User-Agent.</summary>
public sealed class CratesSource : IAdoptionSource
{
    public string Name => "Crates";

    public string Label => "crates.io";

    public Uri DefaultBaseUrl { get; } = new("https://crates.io/");

    public bool Reads(PackageId package) => package is { System: "cargo" };

    public async Task<SourceAnswer> FetchAsync(AdoptionHttp http, Uri baseUrl, PackageId package, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(package);
        return await http.ReadAsync(Name, new Uri(baseUrl, $"api/v1/crates/{Uri.EscapeDataString(package.Name)}"), etag, Metric, root =>
        {
            var crate = AdoptionJson.Property(root, "crate");
            return (AdoptionJson.Count(crate, "recent_downloads"), $"{AdoptionJson.Count(crate, "downloads"):N0} all time");
        }, cancellationToken);
    }

    private const string Metric = "downloads last 90 days";
}
