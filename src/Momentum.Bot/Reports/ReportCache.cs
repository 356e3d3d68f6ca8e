using System.Security.Cryptography;
using System.Text;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Reports;

/// <summary>Computed reports in Redis, keyed by a hash of everything they depend on, so a stale entry is simply never asked for.</summary>
public sealed class ReportCache(IConnectionMultiplexer redis, RedisKeys keys)
{
    public static string HashOf(string inputs) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputs)))[..32];

    public async Task<ProjectReport?> GetAsync(string inputsHash)
    {
        var value = await redis.GetDatabase().StringGetAsync(keys.Report(inputsHash));
        return value.IsNullOrEmpty ? null : Compression.Read((byte[])value!, ReportsJsonContext.Default.ProjectReport);
    }

    public Task SetAsync(string inputsHash, ProjectReport report, TimeSpan ttl) =>
        redis.GetDatabase().StringSetAsync(keys.Report(inputsHash), Compression.Write(report, ReportsJsonContext.Default.ProjectReport), ttl);
}
