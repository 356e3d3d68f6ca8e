using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Momentum.Bot.Catalog;
using Momentum.Bot.Hosting;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>Vendor lists set through the API for a repository (they override the built-in catalog).</summary>
public sealed class VendorStore(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    // Read on every report: answered from recent reads (see WorkspaceStore.RecentReads).
    private readonly RecentCache<RepositoryId, string?> _recent = new(time, WorkspaceStore.RecentReads);

    public async Task<T?> GetAsync<T>(RepositoryId repo, JsonTypeInfo<T> typeInfo)
    {
        var json = await _recent.GetOrAddAsync(repo, async r =>
        {
            var value = await redis.GetDatabase().StringGetAsync(keys.RepositoryVendors(r));
            return value.IsNullOrEmpty ? null : (string?)value;
        });
        return json is null ? default : JsonSerializer.Deserialize(json, typeInfo);
    }

    public async Task SetAsync<T>(RepositoryId repo, T vendors, JsonTypeInfo<T> typeInfo)
    {
        await redis.GetDatabase().StringSetAsync(keys.RepositoryVendors(repo), JsonSerializer.Serialize(vendors, typeInfo));
        _recent.Remove(repo);
    }
}
