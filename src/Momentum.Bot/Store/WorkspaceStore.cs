using System.Text.Json;
using System.Text.Json.Serialization;
using Momentum.Bot.Hosting;
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
public sealed class WorkspaceStore(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    public const int MaxAliases = 200;
    private const int KeptChanges = 20;

    /// <summary>How long a replica may answer from its own recent reads (another replica's change shows after this).</summary>
    public static readonly TimeSpan RecentReads = TimeSpan.FromSeconds(2);

    // Every command reads these; an answer from stored data must not wait on the store for them each time.
    private readonly RecentCache<string, Dictionary<string, IReadOnlyList<string>>> _aliases = new(time, RecentReads);
    private readonly RecentCache<(string, string), WorkspaceVendors?> _vendors = new(time, RecentReads);

    private IDatabase Db => redis.GetDatabase();

    public static bool IsValidWorkspace(string workspace) =>
        workspace.Length is > 0 and <= 64 && workspace.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private string Ws(string workspace) => IsValidWorkspace(workspace)
        ? keys.Workspace(workspace)
        : throw new ArgumentException($"'{workspace}' is not a workspace id.", nameof(workspace));

    public async Task<IReadOnlyList<string>?> GetAliasAsync(string workspace, string name) =>
        (await GetAliasesAsync(workspace)).GetValueOrDefault(name.ToLowerInvariant());

    public Task<Dictionary<string, IReadOnlyList<string>>> GetAliasesAsync(string workspace) =>
        _aliases.GetOrAddAsync(workspace, async w =>
        {
            var entries = await Db.HashGetAllAsync(Ws(w) + "aliases");
            return entries.ToDictionary(e => e.Name.ToString(), e => (IReadOnlyList<string>)e.Value.ToString().Split(','), StringComparer.Ordinal);
        });

    /// <summary>Sets an alias; false when the workspace already has the maximum number of aliases.</summary>
    public async Task<bool> SetAliasAsync(string workspace, string name, IReadOnlyList<string> repositories)
    {
        var key = Ws(workspace) + "aliases";
        if (!await Db.HashExistsAsync(key, name) && await Db.HashLengthAsync(key) >= MaxAliases)
        {
            return false;
        }

        await Db.HashSetAsync(key, name, string.Join(',', repositories));
        _aliases.Remove(workspace);
        return true;
    }

    public async Task<bool> RemoveAliasAsync(string workspace, string name)
    {
        var removed = await Db.HashDeleteAsync(Ws(workspace) + "aliases", name);
        _aliases.Remove(workspace);
        return removed;
    }

    public Task<WorkspaceVendors?> GetVendorsAsync(string workspace, string project) =>
        _vendors.GetOrAddAsync((workspace, project.ToLowerInvariant()), async key =>
        {
            var value = await Db.StringGetAsync(Ws(key.Item1) + "vendors:" + key.Item2);
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, WorkspaceJsonContext.Default.WorkspaceVendors);
        });

    /// <summary>Stores the workspace's vendor list after a change, keeping the latest changes as an audit trail.</summary>
    public async Task SaveVendorsAsync(string workspace, string project, IReadOnlyList<WorkspaceVendor> organizations, VendorChange change, IReadOnlyList<VendorChange> earlier)
    {
        var document = new WorkspaceVendors(organizations, earlier.Append(change).TakeLast(KeptChanges).ToArray());
        await Db.StringSetAsync(Ws(workspace) + "vendors:" + project.ToLowerInvariant(), JsonSerializer.Serialize(document, WorkspaceJsonContext.Default.WorkspaceVendors));
        _vendors.Remove((workspace, project.ToLowerInvariant()));
    }
}
