using System.Globalization;
using System.IO.Compression;
using System.Text;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Affiliations;

/// <summary>The last good copy of every affiliation file (Brotli text) and the version it was fetched at (a blob SHA or an ETag).</summary>
public sealed class AffiliationFileStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public async Task<Dictionary<string, string>> VersionsAsync()
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(keys.AffiliationFiles);
        return entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString().Split('\t')[0], StringComparer.Ordinal);
    }

    public async Task SaveAsync(string source, string version, byte[] text, DateTimeOffset fetchedAt)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal))
        {
            brotli.Write(text);
        }

        var db = redis.GetDatabase();
        await db.StringSetAsync(keys.AffiliationFile(source), output.ToArray());
        await db.HashSetAsync(keys.AffiliationFiles, source, version + "\t" + fetchedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A file no longer listed is forgotten.</summary>
    public async Task RemoveAsync(string source)
    {
        var db = redis.GetDatabase();
        await db.KeyDeleteAsync(keys.AffiliationFile(source));
        await db.HashDeleteAsync(keys.AffiliationFiles, source);
    }

    /// <summary>A reader over one stored file's text, or null when none is stored.</summary>
    public async Task<TextReader?> OpenAsync(string source)
    {
        var bytes = (byte[]?)await redis.GetDatabase().StringGetAsync(keys.AffiliationFile(source));
        return bytes is null ? null : new StreamReader(new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress), Encoding.UTF8);
    }

    /// <summary>Bytes the stored files take (for the README's measurement).</summary>
    public async Task<long> StoredBytesAsync()
    {
        var db = redis.GetDatabase();
        long total = 0;
        foreach (var source in (await VersionsAsync()).Keys)
        {
            total += await db.StringLengthAsync(keys.AffiliationFile(source));
        }

        return total;
    }
}
