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
        var (body, tag) = await http.GetJsonAsync(Name, new Uri(baseUrl, $"v2/repositories/{path}/"), etag, cancellationToken);
        using (body)
        {
            return body is null
                ? new SourceAnswer(Metric, null, null, tag, NotModified: true)
                : new SourceAnswer(Metric, AdoptionJson.Count(body.RootElement, "pull_count"), null, tag);
        }
    }

    private const string Metric = "pulls, all time";
}
