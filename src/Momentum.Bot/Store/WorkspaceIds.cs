namespace Momentum.Bot.Store;

/// <summary>
/// Workspace ids carry their platform, so no platform can name another's workspace: <c>slack:T…</c> (a Slack team, or
/// <c>slack:E…</c> for an Enterprise Grid organisation), <c>teams:&lt;tenant guid&gt;</c>, and <c>playground</c>. The
/// adapters build them from what their platform sent (<see cref="Slack"/>, <see cref="Teams"/>); every store key is
/// made from one (<see cref="RedisKeys.Workspace"/> refuses anything else).
/// </summary>
public static class WorkspaceIds
{
    public const string Playground = "playground";

    private const string SlackPrefix = "slack:";
    private const string TeamsPrefix = "teams:";

    /// <summary>The workspace of a Slack team or enterprise id; null when the id is not shaped like one.</summary>
    public static string? Slack(string? teamOrEnterprise) => IsSlackId(teamOrEnterprise) ? SlackPrefix + teamOrEnterprise : null;

    /// <summary>The workspace of a Teams (Entra) tenant id, a GUID; null when it is not one.</summary>
    public static string? Teams(string? tenant) =>
        Guid.TryParseExact(tenant, "D", out var id) ? TeamsPrefix + id.ToString("D") : null;

    /// <summary>Whether this is a platform-qualified workspace id.</summary>
    public static bool IsValid(string? workspace) => workspace switch
    {
        Playground => true,
        not null when workspace.StartsWith(SlackPrefix, StringComparison.Ordinal) => IsSlackId(workspace[SlackPrefix.Length..]),
        not null when workspace.StartsWith(TeamsPrefix, StringComparison.Ordinal) => Teams(workspace[TeamsPrefix.Length..]) == workspace,
        _ => false,
    };

    /// <summary>The platform's own id (<c>T…</c>, the tenant guid, <c>playground</c>).</summary>
    public static string Native(string workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var colon = workspace.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? workspace : workspace[(colon + 1)..];
    }

    /// <summary>
    /// The qualified id of a workspace stored before ids carried their platform (<c>ws:{id}:…</c>): a GUID was a Teams
    /// tenant, <c>playground</c> the playground, a Slack-shaped id a Slack team or enterprise; null for anything else.
    /// </summary>
    public static string? FromLegacy(string legacy) => legacy == Playground ? Playground : Teams(legacy) ?? Slack(legacy);

    // Slack team (T…), enterprise (E…) ids: upper-case letters and digits.
    private static bool IsSlackId(string? id) =>
        id is { Length: > 0 and <= 32 } && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}
