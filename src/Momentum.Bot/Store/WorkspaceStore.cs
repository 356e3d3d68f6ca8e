using System.Text.Json;
using System.Text.Json.Serialization;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>A workspace's own vendor list for a project, and who changed it when.</summary>
public sealed record WorkspaceVendors(IReadOnlyList<WorkspaceVendor> Organizations, IReadOnlyList<VendorChange> Changes);

public sealed record WorkspaceVendor(string Name, IReadOnlyList<string> Domains);

public sealed record VendorChange(string By, DateTimeOffset At, string Action, string Organization, IReadOnlyList<string> Domains);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WorkspaceVendors))]
internal sealed partial class WorkspaceJsonContext : JsonSerializerContext;

/// <summary>
/// What belongs to one workspace (a Slack team, a Teams tenant, the playground): its aliases and its vendor
/// overrides. Keys live under <c>ws:{workspace}:</c>, so workspaces never see each other's data.
/// </summary>
public sealed class WorkspaceStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public const int MaxAliases = 200;
    private const int KeptChanges = 20;

    private IDatabase Db => redis.GetDatabase();

    public static bool IsValidWorkspace(string workspace) =>
        workspace.Length is > 0 and <= 64 && workspace.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private string Ws(string workspace) => IsValidWorkspace(workspace)
        ? keys.Workspace(workspace)
        : throw new ArgumentException($"'{workspace}' is not a workspace id.", nameof(workspace));

    public async Task<IReadOnlyList<string>?> GetAliasAsync(string workspace, string name)
    {
        var value = await Db.HashGetAsync(Ws(workspace) + "aliases", name.ToLowerInvariant());
        return value.IsNullOrEmpty ? null : value.ToString().Split(',');
    }

    public async Task<Dictionary<string, IReadOnlyList<string>>> GetAliasesAsync(string workspace)
    {
        var entries = await Db.HashGetAllAsync(Ws(workspace) + "aliases");
        return entries.ToDictionary(e => e.Name.ToString(), e => (IReadOnlyList<string>)e.Value.ToString().Split(','), StringComparer.Ordinal);
    }

    /// <summary>Sets an alias; false when the workspace already has the maximum number of aliases.</summary>
    public async Task<bool> SetAliasAsync(string workspace, string name, IReadOnlyList<string> repositories)
    {
        var key = Ws(workspace) + "aliases";
        if (!await Db.HashExistsAsync(key, name) && await Db.HashLengthAsync(key) >= MaxAliases)
        {
            return false;
        }

        await Db.HashSetAsync(key, name, string.Join(',', repositories));
        return true;
    }

    public Task<bool> RemoveAliasAsync(string workspace, string name) => Db.HashDeleteAsync(Ws(workspace) + "aliases", name);

    public async Task<WorkspaceVendors?> GetVendorsAsync(string workspace, string project)
    {
        var value = await Db.StringGetAsync(Ws(workspace) + "vendors:" + project.ToLowerInvariant());
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, WorkspaceJsonContext.Default.WorkspaceVendors);
    }

    /// <summary>Stores the workspace's vendor list after a change, keeping the latest changes as an audit trail.</summary>
    public Task SaveVendorsAsync(string workspace, string project, IReadOnlyList<WorkspaceVendor> organizations, VendorChange change, IReadOnlyList<VendorChange> earlier)
    {
        var document = new WorkspaceVendors(organizations, earlier.Append(change).TakeLast(KeptChanges).ToArray());
        return Db.StringSetAsync(Ws(workspace) + "vendors:" + project.ToLowerInvariant(), JsonSerializer.Serialize(document, WorkspaceJsonContext.Default.WorkspaceVendors));
    }
}
