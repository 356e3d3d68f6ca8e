using System.Globalization;
using System.Text.Json;
using Momentum.Bot.Catalog;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Adoption;

/// <summary>The adoption readings (one key per source and package), each source's Retry-After block and its hourly request count.</summary>
public sealed class AdoptionStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <summary>Readings outlive their usefulness: after this long unread they go.</summary>
    public static readonly TimeSpan ReadingLifetime = TimeSpan.FromDays(30);

    public async Task<AdoptionReading?> GetAsync(string source, PackageId package)
    {
        var value = await redis.GetDatabase().StringGetAsync(keys.AdoptionReading(source, package));
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((string)value!, AdoptionJsonContext.Default.AdoptionReading);
        }
        catch (JsonException)
        {
            return null; // An unreadable reading is fetched again.
        }
    }

    public Task SetAsync(AdoptionReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return redis.GetDatabase().StringSetAsync(
            keys.AdoptionReading(reading.Source, reading.Package), JsonSerializer.Serialize(reading, AdoptionJsonContext.Default.AdoptionReading), ReadingLifetime);
    }

    public async Task<DateTimeOffset?> BlockedUntilAsync(string source)
    {
        var value = await redis.GetDatabase().StringGetAsync(keys.AdoptionBlocked(source));
        return long.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var until) ? DateTimeOffset.FromUnixTimeSeconds(until) : null;
    }

    /// <summary>The source said wait (429 Retry-After): no replica asks it again before then (the key outlives it by a day, the caller compares).</summary>
    public Task BlockAsync(string source, DateTimeOffset until, TimeSpan wait) =>
        redis.GetDatabase().StringSetAsync(keys.AdoptionBlocked(source), until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), wait + TimeSpan.FromDays(1));

    /// <summary>Counts one request against the source's budget for this hour; false (and not counted) when it is spent.</summary>
    public async Task<bool> TakeBudgetAsync(string source, DateTimeOffset now, int perHour)
    {
        var key = keys.AdoptionBudget(source, now.ToUnixTimeSeconds() / 3600);
        var db = redis.GetDatabase();
        var used = await db.StringIncrementAsync(key);
        if (used == 1)
        {
            await db.KeyExpireAsync(key, TimeSpan.FromHours(2));
        }

        if (used <= perHour)
        {
            return true;
        }

        await db.StringDecrementAsync(key);
        return false;
    }
}
