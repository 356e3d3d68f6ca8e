namespace Momentum.Bot.Playground;

public sealed class PlaygroundOptions
{
    /// <summary>Serve the playground page at <c>/</c> (it runs commands without any sign-in: keep the host private).</summary>
    public bool Enabled { get; set; } = true;
}
