using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Reports;

/// <summary>A workspace's own project names (<c>alias mine acme/a acme/b</c>), in Redis under its workspace keys.</summary>
public sealed class AliasStore(IConnectionMultiplexer redis, RedisKeys keys, ReportMemory memory)
{
    public const int MaxAliases = 200;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Every alias of the workspace: name → owner/repo list (read through the report memory).</summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> AllAsync(string workspace) =>
        memory.AliasesAsync(workspace, async () =>
        {
            var entries = await Db.HashGetAllAsync(keys.Aliases(workspace));
            return entries.ToDictionary(e => e.Name.ToString(), e => (IReadOnlyList<string>)e.Value.ToString().Split(','), StringComparer.Ordinal);
        });

    /// <summary>Sets an alias; false when the workspace already has the maximum number of aliases.</summary>
    public async Task<bool> SetAsync(string workspace, string name, IReadOnlyList<string> repositories)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var key = keys.Aliases(workspace);
        if (!await Db.HashExistsAsync(key, name) && await Db.HashLengthAsync(key) >= MaxAliases)
        {
            return false;
        }

        await Db.HashSetAsync(key, name, string.Join(',', repositories));
        memory.ForgetAliases(workspace);
        return true;
    }

    public async Task<bool> RemoveAsync(string workspace, string name)
    {
        var removed = await Db.HashDeleteAsync(keys.Aliases(workspace), name);
        memory.ForgetAliases(workspace);
        return removed;
    }
}
