namespace Momentum.Bot.Chat;

/// <summary>Where a command came from and where a message goes.</summary>
public enum Platform
{
    Slack,
    Teams,
    Playground,
}

public static class Platforms
{
    /// <summary>The platform's name as stored and shown: <c>slack</c>, <c>teams</c>, <c>playground</c>.</summary>
    public static string Name(this Platform platform) => platform switch
    {
        Platform.Slack => "slack",
        Platform.Teams => "teams",
        _ => "playground",
    };

    public static bool TryParse(string? name, out Platform platform) =>
        Enum.TryParse(name, ignoreCase: true, out platform) && Enum.IsDefined(platform);
}
