using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Momentum.Bot.Hosting;

/// <summary>
/// The names Momentum's own telemetry is published under. Features create their instruments on the host's
/// <see cref="IMeterFactory"/> (<see cref="CreateMomentumMeter"/>), so each host, and each test host, has its own meter;
/// spans come from the one <see cref="Source"/>.
/// </summary>
public static class Telemetry
{
    public const string MeterName = "Momentum";

    public const string SourceName = "Momentum";

    /// <summary>Momentum's own spans: a command, a repository scan, an outbox delivery.</summary>
    public static readonly ActivitySource Source = new(SourceName, Version);

    /// <summary>The build's version (<c>AssemblyInformationalVersion</c> without the source revision).</summary>
    public static string Version { get; } =
        typeof(Telemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>This host's Momentum meter.</summary>
    public static Meter CreateMomentumMeter(this IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        return meters.Create(MeterName);
    }

    /// <summary>A measurement's tag.</summary>
    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);

    /// <summary>Histogram buckets for work a person waits for, in seconds (OpenTelemetry's defaults suit milliseconds).</summary>
    public static readonly IReadOnlyList<double> InteractiveBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60];

    /// <summary>Histogram buckets for background work such as scans, in seconds.</summary>
    public static readonly IReadOnlyList<double> BackgroundBuckets = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
}
