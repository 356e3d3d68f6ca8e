using System.Text.Json;
using Momentum.Bot.Catalog;

namespace Momentum.Bot.Adoption;

/// <summary>One adoption source's wire: which packages it can read, and how (through <see cref="AdoptionHttp"/>).</summary>
public interface IAdoptionSource
{
    /// <summary>The source's name in settings (<c>Adoption__{Name}__…</c>) and in keys: DepsDev, Npm, Crates, DockerHub.</summary>
    string Name { get; }

    /// <summary>How it reads on a card: "deps.dev", "npm", "crates.io", "Docker Hub".</summary>
    string Label { get; }

    Uri DefaultBaseUrl { get; }

    bool Reads(PackageId package);

    Task<SourceAnswer> FetchAsync(AdoptionHttp http, Uri baseUrl, PackageId package, string? etag, CancellationToken cancellationToken);
}

/// <summary>A source's answer: the number (or unchanged since <paramref name="ETag"/> when <paramref name="NotModified"/>).</summary>
public sealed record SourceAnswer(string Metric, long? Value, string? Detail, string? ETag, bool NotModified = false);

/// <summary>Why a reading failed, in words for the card ("HTTP 500", "unknown package", "timed out", "rate-limited").</summary>
public sealed class AdoptionSourceException(string problem) : Exception(problem);

/// <summary>No request was made (the source asked to wait, or its hourly budget is spent): the last reading stands.</summary>
public sealed class AdoptionDeferredException(string reason) : Exception(reason);

/// <summary>Small helpers the sources share to read their JSON strictly: a missing or mistyped field is a failure, not a zero.</summary>
public static class AdoptionJson
{
    public static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new AdoptionSourceException($"malformed answer (no '{name}')");

    public static long Count(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var v) && v >= 0
            ? v
            : throw new AdoptionSourceException($"malformed answer ('{name}' is not a count)");
}
