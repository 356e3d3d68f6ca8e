namespace Momentum.Bot.Hosting;

/// <summary>
/// The names Momentum's own telemetry is published under. Features create their instruments from the host's
/// <see cref="System.Diagnostics.Metrics.IMeterFactory"/> with <see cref="MeterName"/>, so each host (and each test host)
/// has its own.
/// </summary>
public static class Telemetry
{
    public const string MeterName = "Momentum";
}
