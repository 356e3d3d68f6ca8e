using System.Globalization;
using Momentum.Bot.Catalog;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>Which repository scans are under way cluster-wide: one that stays listed after its lease lapsed was interrupted.</summary>
public sealed class ScanProgressStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    private IDatabase Db => redis.GetDatabase();

    public Task StartedAsync(RepositoryId repo, DateTimeOffset now) =>
        Db.HashSetAsync(keys.ScansInProgress, repo.ToString(), now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    public Task EndedAsync(RepositoryId repo) => Db.HashDeleteAsync(keys.ScansInProgress, repo.ToString());

    /// <summary>Whether a scan of the repository is listed: after its lease lapsed, it was interrupted.</summary>
    public Task<bool> IsListedAsync(RepositoryId repo) => Db.HashExistsAsync(keys.ScansInProgress, repo.ToString());

    /// <summary>Every repository listed as being scanned (by anyone, alive or not).</summary>
    public async Task<List<RepositoryId>> ListedAsync()
    {
        var listed = new List<RepositoryId>();
        foreach (var name in await Db.HashKeysAsync(keys.ScansInProgress))
        {
            if (RepositoryId.TryParse(name.ToString(), out var repo))
            {
                listed.Add(repo.Value);
            }
            else
            {
                await Db.HashDeleteAsync(keys.ScansInProgress, name);
            }
        }

        return listed;
    }
}
