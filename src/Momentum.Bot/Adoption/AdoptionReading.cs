using System.Text.Json.Serialization;
using Momentum.Bot.Catalog;

namespace Momentum.Bot.Adoption;

/// <summary>
/// One source's last reading of one package: its number (<see cref="Value"/>, with <see cref="Detail"/>) as measured at
/// <see cref="MeasuredAt"/>, and, when the latest attempt failed, why (<see cref="Problem"/>: the number is then not shown).
/// The ETag lets the next fetch ask "changed since?".
/// </summary>
public sealed record AdoptionReading(
    string Source,
    PackageId Package,
    string Metric,
    long? Value,
    string? Detail,
    DateTimeOffset? MeasuredAt,
    DateTimeOffset CheckedAt,
    string? Problem,
    string? ETag);

/// <summary>What a card and the API show for one package and source: a current number, or "unavailable" and why.</summary>
public sealed record AdoptionLine(
    string Source,
    string Package,
    string Metric,
    long? Value,
    string? Detail,
    DateTimeOffset? MeasuredAt,
    string? Unavailable)
{
    /// <summary>Adoption lags and corroborates; it never enters the momentum score.</summary>
    public string Signal => "lagging, corroborating (not in the score)";
}

[JsonSerializable(typeof(AdoptionReading))]
internal sealed partial class AdoptionJsonContext : JsonSerializerContext;
