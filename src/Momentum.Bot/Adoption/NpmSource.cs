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
        var (body, tag) = await http.GetJsonAsync(Name, new Uri(baseUrl, $"downloads/point/last-week/{name}"), etag, cancellationToken);
        using (body)
        {
            if (body is null)
            {
                return new SourceAnswer(Metric, null, null, tag, NotModified: true);
            }

            var downloads = AdoptionJson.Count(body.RootElement, "downloads");
            var end = body.RootElement.TryGetProperty("end", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString() : null;
            return new SourceAnswer(Metric, downloads, end is null ? null : $"week to {end}", tag);
        }
    }

    private const string Metric = "downloads last week";
}
