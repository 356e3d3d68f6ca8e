using System.Text.Json;
using System.Text.Json.Serialization;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Slack;

/// <summary>
/// One Slack installation (a team, or an enterprise for org-wide installs); <see cref="Workspace"/> is its workspace id
/// (<c>slack:T…</c> or <c>slack:E…</c>). The bot token is stored encrypted.
/// </summary>
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

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _enterprises = new(StringComparer.Ordinal);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The installation of a team, or of the enterprise the team belongs to (org-wide installs).</summary>
    public async Task<SlackInstallation?> GetAsync(string workspace)
    {
        if (!WorkspaceIds.IsValid(workspace))
        {
            return null;
        }

        var value = await Db.StringGetAsync(keys.SlackInstallation(workspace));
        if (value.IsNullOrEmpty && await Db.StringGetAsync(keys.SlackEnterprise(workspace)) is { IsNullOrEmpty: false } enterprise && enterprise != workspace)
        {
            value = await Db.StringGetAsync(keys.SlackInstallation(enterprise!));
        }

        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, SlackJsonContext.Default.SlackInstallation);
    }

    /// <summary>
    /// Records that a team belongs to an enterprise (Enterprise Grid), so an org-wide installation serves it. Written
    /// once per team and process: a team does not change enterprise.
    /// </summary>
    /// <param name="team">The team's workspace (<c>slack:T…</c>).</param>
    /// <param name="enterpriseId">Slack's enterprise id (<c>E…</c>), as Slack sent it.</param>
    public async Task RememberEnterpriseAsync(string team, string? enterpriseId)
    {
        if (WorkspaceIds.Slack(enterpriseId) is { } enterprise && WorkspaceIds.IsValid(team) && _enterprises.TryAdd(team, enterprise))
        {
            await Db.StringSetAsync(keys.SlackEnterprise(team), enterprise);
        }
    }

    public Task SaveAsync(SlackInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(installation);
        return Db.StringSetAsync(keys.SlackInstallation(installation.Workspace), JsonSerializer.Serialize(installation, SlackJsonContext.Default.SlackInstallation));
    }

    public Task<bool> RemoveAsync(string workspace) => Db.KeyDeleteAsync(keys.SlackInstallation(workspace));

    /// <summary>Remembers an OAuth state for ten minutes.</summary>
    public Task SaveStateAsync(string state) => Db.StringSetAsync(keys.SlackOAuthState(state), "1", StateLifetime);

    /// <summary>True once for a state this host issued in the last ten minutes; the state is spent either way.</summary>
    public async Task<bool> ConsumeStateAsync(string state) =>
        state.Length is > 0 and <= 128 && (long)await Db.ScriptEvaluateAsync("return redis.call('DEL', KEYS[1])", [keys.SlackOAuthState(state)]) == 1;

    /// <summary>First sight of a Slack delivery key within ten minutes (event ids, channel+ts); false for repeats.</summary>
    public Task<bool> FirstDeliveryAsync(string workspace, string key) =>
        Db.StringSetAsync(keys.SlackSeen(workspace, key), "1", TimeSpan.FromMinutes(10), When.NotExists);
}
