using Momentum.Bot.Catalog;

namespace Momentum.Bot.Adoption;

/// <summary>Docker Hub: <c>GET /v2/repositories/{namespace}/{name}/</c> → <c>pull_count</c> (all time).</summary>
public sealed class DockerHubSource : IAdoptionSource
{
    public string Name => "DockerHub";

    public string Label => "Docker Hub";

    public Uri DefaultBaseUrl { get; } = new("https://hub.docker.com/");

    public bool Reads(PackageId package) => package is { System: "docker" };

    public async Task<SourceAnswer> FetchAsync(AdoptionHttp http, Uri baseUrl, PackageId package, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(package);
        var path = string.Join('/', package.Name.Split('/').Select(Uri.EscapeDataString));
        return await http.ReadAsync(Name, new Uri(baseUrl, $"v2/repositories/{path}/"), etag, Metric, root => (AdoptionJson.Count(root, "pull_count"), null), cancellationToken);
    }

    private const string Metric = "pulls, all time";
}
