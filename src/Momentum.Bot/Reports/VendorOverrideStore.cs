using System.Text.Json;
using Momentum.Bot.Catalog;
using Momentum.Bot.Store;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Reports;

/// <summary>A vendor list set through the API for one repository, or the organisations of a workspace's own list.</summary>
public sealed record VendorList(IReadOnlyList<Organization> Organizations);

/// <summary>A workspace's own vendor list for a project, and who changed it when.</summary>
public sealed record WorkspaceVendors(IReadOnlyList<Organization> Organizations, IReadOnlyList<VendorChange> Changes)
{
    /// <summary>The workspace went back to the list it would have without its own (<c>vendor … reset</c>); the change log stays.</summary>
    public bool Reset { get; init; }
}

public sealed record VendorChange(string By, DateTimeOffset At, string Action, string Organization, IReadOnlyList<string> Domains);

/// <summary>
/// The vendor lists that override the catalog: a workspace's own list per project (set in chat, with its change log)
/// and the API's list per repository. Every write drops what the report memory derived from them.
/// </summary>
public sealed class VendorOverrideStore(IConnectionMultiplexer redis, RedisKeys keys, ReportMemory memory)
{
    public const int MaxVendors = 50;
    private const int KeptChanges = 20;

    private IDatabase Db => redis.GetDatabase();

    public async Task<WorkspaceVendors?> WorkspaceAsync(string workspace, string project)
    {
        var value = await Db.StringGetAsync(keys.WorkspaceVendors(workspace, project));
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)value!, ReportsJsonContext.Default.WorkspaceVendors);
    }

    /// <summary>Stores the workspace's list after a change, keeping the latest changes as an audit trail.</summary>
    public async Task SaveWorkspaceAsync(string workspace, string project, IReadOnlyList<Organization> organizations, VendorChange change, IReadOnlyList<VendorChange> earlier, bool reset = false)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var document = new WorkspaceVendors(organizations, earlier.Append(change).TakeLast(KeptChanges).ToArray()) { Reset = reset };
        await Db.StringSetAsync(keys.WorkspaceVendors(workspace, project), JsonSerializer.Serialize(document, ReportsJsonContext.Default.WorkspaceVendors));
        memory.ForgetVendors();
    }

    /// <summary>The API's lists for these repositories (null where none is set), in one round trip.</summary>
    public async Task<VendorList?[]> RepositoriesAsync(IReadOnlyList<RepositoryId> repositories)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var values = await Task.WhenAll(repositories.Select(r => Db.StringGetAsync(keys.RepositoryVendors(r))));
        return values.Select(v => v.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)v!, ReportsJsonContext.Default.VendorList)).ToArray();
    }

    public async Task SetRepositoryAsync(RepositoryId repository, VendorList vendors)
    {
        await Db.StringSetAsync(keys.RepositoryVendors(repository), JsonSerializer.Serialize(vendors, ReportsJsonContext.Default.VendorList));
        memory.ForgetVendors();
    }
}
