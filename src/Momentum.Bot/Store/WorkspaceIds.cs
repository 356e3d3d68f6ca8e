namespace Momentum.Bot.Store;

/// <summary>What a workspace id (a Slack team or enterprise id, a Teams tenant id, "playground") may look like.</summary>
public static class WorkspaceIds
{
    public static bool IsValid(string? workspace) =>
        workspace is { Length: > 0 and <= 64 } && workspace.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
