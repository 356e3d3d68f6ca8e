using System.Diagnostics.Metrics;

namespace Momentum.Bot.Hosting;

/// <summary>
/// The names Momentum's own telemetry is published under. Features create their instruments on the host's
/// <see cref="IMeterFactory"/> (<see cref="CreateMomentumMeter"/>), so each host, and each test host, has its own meter.
/// </summary>
public static class Telemetry
{
    public const string MeterName = "Momentum";

    /// <summary>This host's Momentum meter.</summary>
    public static Meter CreateMomentumMeter(this IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        return meters.Create(MeterName);
    }

    /// <summary>A measurement's tag.</summary>
    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
