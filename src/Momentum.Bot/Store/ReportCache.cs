using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>Computed reports, keyed by a hash of everything they depend on, so a stale entry is simply never asked for.</summary>
public sealed class ReportCache(IConnectionMultiplexer redis, RedisKeys keys)
{
    public static string HashOf(string inputs) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputs)))[..32];

    public async Task<T?> GetAsync<T>(string inputsHash, JsonTypeInfo<T> typeInfo)
    {
        var value = await redis.GetDatabase().StringGetAsync(keys.Report(inputsHash));
        return value.IsNullOrEmpty ? default : Compression.Read((byte[])value!, typeInfo);
    }

    public Task SetAsync<T>(string inputsHash, T report, JsonTypeInfo<T> typeInfo, TimeSpan ttl) =>
        redis.GetDatabase().StringSetAsync(keys.Report(inputsHash), Compression.Write(report, typeInfo), ttl);
}

/// <summary>Brotli-compressed JSON: reports and cached GitHub pages are mostly repeated field names.</summary>
internal static class Compression
{
    public static byte[] Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(brotli, value, typeInfo);
        }

        return output.ToArray();
    }

    public static T? Read<T>(byte[] bytes, JsonTypeInfo<T> typeInfo)
    {
        using var input = new MemoryStream(bytes);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        return JsonSerializer.Deserialize(brotli, typeInfo);
    }
}
