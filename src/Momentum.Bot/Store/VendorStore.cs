using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Momentum.Bot.Catalog;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>Vendor lists set through the API for a repository (they override the built-in catalog).</summary>
public sealed class VendorStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public async Task<T?> GetAsync<T>(RepositoryId repo, JsonTypeInfo<T> typeInfo)
    {
        var value = await redis.GetDatabase().StringGetAsync(keys.RepositoryVendors(repo));
        return value.IsNullOrEmpty ? default : JsonSerializer.Deserialize((string)value!, typeInfo);
    }

    public Task SetAsync<T>(RepositoryId repo, T vendors, JsonTypeInfo<T> typeInfo) =>
        redis.GetDatabase().StringSetAsync(keys.RepositoryVendors(repo), JsonSerializer.Serialize(vendors, typeInfo));
}
