using Momentum.Bot.Chat;

namespace Momentum.Bot.Commands;

/// <summary>Who asked, and where: the workspace scopes every alias, vendor override and watchlist.</summary>
/// <param name="Platform">The chat platform (or the playground).</param>
/// <param name="Workspace">Slack team (or enterprise) id, Teams tenant id, or "playground".</param>
/// <param name="Channel">The conversation the command came from (Slack channel, Teams conversation).</param>
/// <param name="User">The platform's user id; shown in audit trails.</param>
public sealed record CommandContext(Platform Platform, string Workspace, string? Channel, string User)
{
    /// <summary>Called when the command knows it will take a while (it must wait for GitHub), so the adapter can acknowledge at once.</summary>
    public Action? OnSlow { get; init; }

    /// <summary>Called with how far a long command has got ("12 of 30 scanned"), so the adapter can show it in its acknowledgement.</summary>
    public Action<string>? OnProgress { get; init; }
}
