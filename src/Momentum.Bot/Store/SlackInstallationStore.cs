using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>One Slack installation (a team, or an enterprise for org-wide installs). The bot token is stored encrypted.</summary>
public sealed record SlackInstallation(
    string Workspace,
    string? TeamName,
    string? EnterpriseId,
    string BotUserId,
    string ProtectedBotToken,
    string Scopes,
    string? AppId,
    string InstalledBy,
    DateTimeOffset InstalledAt);

[JsonSerializable(typeof(SlackInstallation))]
internal sealed partial class SlackJsonContext : JsonSerializerContext;

/// <summary>Slack installations and OAuth states in Redis, each installation under its workspace's keys.</summary>
public sealed class SlackInstallationStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    private IDatabase Db => redis.GetDatabase();

    private RedisKey InstallationKey(string workspace) => WorkspaceStore.IsValidWorkspace(workspace)
        ? keys.Workspace(workspace) + "slack-installation"
        : throw new ArgumentException($"'{workspace}' is not a workspace id.", nameof(workspace));

    /// <summary>The installation of a team, or of the enterprise the team belongs to (org-wide installs).</summary>
    public async Task<SlackInstallation?> GetAsync(string workspace)
    {
        if (!WorkspaceStore.IsValidWorkspace(workspace))
        {
            return null;
        }

        var value = await Db.StringGetAsync(InstallationKey(workspace));
        if (value.IsNullOrEmpty && await Db.StringGetAsync(EnterpriseKey(workspace)) is { IsNullOrEmpty: false } enterprise && enterprise != workspace)
        {
            value = await Db.StringGetAsync(InstallationKey(enterprise!));
        }

        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, SlackJsonContext.Default.SlackInstallation);
    }

    /// <summary>Records that a team belongs to an enterprise (Enterprise Grid), so an org-wide installation serves it.</summary>
    public Task RememberEnterpriseAsync(string team, string enterprise) =>
        WorkspaceStore.IsValidWorkspace(team) && WorkspaceStore.IsValidWorkspace(enterprise)
            ? Db.StringSetAsync(EnterpriseKey(team), enterprise)
            : Task.CompletedTask;

    private RedisKey EnterpriseKey(string team) => keys.Workspace(team) + "slack-enterprise";

    public Task SaveAsync(SlackInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(installation);
        return Db.StringSetAsync(InstallationKey(installation.Workspace), JsonSerializer.Serialize(installation, SlackJsonContext.Default.SlackInstallation));
    }

    public Task<bool> RemoveAsync(string workspace) => Db.KeyDeleteAsync(InstallationKey(workspace));

    /// <summary>Remembers an OAuth state for ten minutes.</summary>
    public Task SaveStateAsync(string state) => Db.StringSetAsync(keys.Prefix + "slack-oauth-state:" + state, "1", StateLifetime);

    /// <summary>True once for a state this host issued in the last ten minutes; the state is spent either way.</summary>
    public async Task<bool> ConsumeStateAsync(string state) =>
        state.Length is > 0 and <= 128 && (long)await Db.ScriptEvaluateAsync("return redis.call('DEL', KEYS[1])", [keys.Prefix + "slack-oauth-state:" + state]) == 1;

    /// <summary>First sight of a Slack delivery key within ten minutes (event ids, channel+ts); false for repeats.</summary>
    public Task<bool> FirstDeliveryAsync(string workspace, string key) =>
        Db.StringSetAsync(keys.Workspace(workspace) + "slack-seen:" + key, "1", TimeSpan.FromMinutes(10), When.NotExists);
}
