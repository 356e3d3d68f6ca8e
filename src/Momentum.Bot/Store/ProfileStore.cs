using System.Globalization;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>GitHub user profiles (company, account type), shared by every repository, each kept for the profile TTL.</summary>
public sealed class ProfileStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public async Task<Dictionary<string, ProfileFacts>> GetManyAsync(IEnumerable<string> logins)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var tasks = logins.Distinct(StringComparer.Ordinal)
            .Select(login => (Login: login, Task: batch.HashGetAsync(keys.Profile(login), ["company", "type", "name"])))
            .ToList();
        batch.Execute();
        var result = new Dictionary<string, ProfileFacts>(StringComparer.Ordinal);
        foreach (var (login, task) in tasks)
        {
            var values = await task;
            if (values[1].IsNull)
            {
                continue;
            }

            var company = values[0].IsNullOrEmpty ? null : values[0].ToString();
            result[login] = new ProfileFacts(company, values[1] == "Bot", values[2].IsNullOrEmpty ? null : values[2].ToString());
        }

        return result;
    }

    /// <summary>
    /// Which of these logins have no cached profile, or (given <paramref name="now"/>) one past the expiry it was saved
    /// with: judged on the host's clock, Redis's own expiry only collects it later.
    /// </summary>
    public async Task<List<string>> MissingAsync(IEnumerable<string> logins, DateTimeOffset? now = null)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var tasks = logins.Distinct(StringComparer.Ordinal).Select(l => (Login: l, Task: batch.HashGetAsync(keys.Profile(l), ["type", "expires"]))).ToList();
        batch.Execute();
        var missing = new List<string>();
        var nowSeconds = now?.ToUnixTimeSeconds();
        foreach (var (login, task) in tasks)
        {
            var values = await task;
            var expired = nowSeconds is { } seconds && values[1].TryParse(out long expires) && expires <= seconds;
            if (values[0].IsNull || expired)
            {
                missing.Add(login);
            }
        }

        return missing;
    }

    /// <param name="type">GitHub account type: User, Bot, Organization, or Missing for a login GitHub does not know.</param>
    /// <param name="name">The profile's display name (a personal domain is recognised by it).</param>
    public async Task SaveAsync(string login, string? company, string type, DateTimeOffset fetchedAt, TimeSpan ttl, string? name = null)
    {
        var db = redis.GetDatabase();
        var key = keys.Profile(login);
        await db.HashSetAsync(key,
        [
            new HashEntry("company", company ?? ""),
            new HashEntry("name", name ?? ""),
            new HashEntry("type", type),
            new HashEntry("fetched", fetchedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new HashEntry("expires", (fetchedAt + ttl).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ]);
        await db.KeyExpireAsync(key, ttl);
    }
}
