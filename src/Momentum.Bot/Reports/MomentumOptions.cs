namespace Momentum.Bot.Reports;

public sealed class MomentumOptions
{
    /// <summary>Stored data younger than this is answered directly; older data is refreshed from GitHub first.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Serve a generated, clearly labelled demo history from a local GitHub-shaped server (no network needed).</summary>
    public bool Demo { get; set; }
}
