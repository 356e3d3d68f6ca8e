using System.Globalization;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// GitHub user profiles (company, account type, display name, public email, public organisation memberships), shared by
/// every repository, each kept for the profile TTL. Memberships have their own expiry: a profile that came with a
/// GraphQL history page has none until <c>/users/{login}/orgs</c> is asked.
/// </summary>
public sealed class ProfileStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public async Task<Dictionary<string, ProfileFacts>> GetManyAsync(IEnumerable<string> logins)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var tasks = logins.Distinct(StringComparer.Ordinal)
            .Select(login => (Login: login, Task: batch.HashGetAsync(keys.Profile(login), ["company", "type", "name", "email", "orgs"])))
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
            result[login] = new ProfileFacts(company, values[1] == "Bot", values[2].IsNullOrEmpty ? null : values[2].ToString())
            {
                Email = values[3].IsNullOrEmpty ? null : values[3].ToString(),
                Organizations = values[4].IsNullOrEmpty ? [] : values[4].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries),
            };
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

    /// <summary>
    /// Which of these logins (people with a cached profile) have no public memberships cached, or ones past their
    /// expiry. Logins without a profile, or whose profile is a Bot's or missing, are not listed.
    /// </summary>
    public async Task<HashSet<string>> MissingOrganizationsAsync(IEnumerable<string> logins, DateTimeOffset now)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var tasks = logins.Distinct(StringComparer.Ordinal).Select(l => (Login: l, Task: batch.HashGetAsync(keys.Profile(l), ["type", "orgsExpires"]))).ToList();
        batch.Execute();
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (login, task) in tasks)
        {
            var values = await task;
            if (values[0] == "User" && !(values[1].TryParse(out long expires) && expires > now.ToUnixTimeSeconds()))
            {
                missing.Add(login);
            }
        }

        return missing;
    }

    /// <param name="type">GitHub account type: User, Bot, Organization, or Missing for a login GitHub does not know.</param>
    /// <param name="name">The profile's display name (a personal domain is recognised by it).</param>
    /// <param name="email">The profile's public email ("" for none); null leaves what is stored (a GraphQL page that did not say).</param>
    public async Task SaveAsync(string login, string? company, string type, DateTimeOffset fetchedAt, TimeSpan ttl, string? name = null, string? email = null)
    {
        var db = redis.GetDatabase();
        var key = keys.Profile(login);
        List<HashEntry> entries =
        [
            new HashEntry("company", company ?? ""),
            new HashEntry("name", name ?? ""),
            new HashEntry("type", type),
            new HashEntry("fetched", fetchedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new HashEntry("expires", (fetchedAt + ttl).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ];
        if (email is not null)
        {
            entries.Add(new HashEntry("email", email));
        }

        await db.HashSetAsync(key, [.. entries]);
        await db.KeyExpireAsync(key, ttl);
    }

    /// <summary>The login's public GitHub organisation memberships (logins), kept until <paramref name="fetchedAt"/> + <paramref name="ttl"/> on the host's clock.</summary>
    public async Task SaveOrganizationsAsync(string login, IEnumerable<string> organizations, DateTimeOffset fetchedAt, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        var db = redis.GetDatabase();
        var key = keys.Profile(login);
        await db.HashSetAsync(key,
        [
            new HashEntry("orgs", string.Join(' ', organizations.Where(o => o.Length > 0 && !o.Contains(' ', StringComparison.Ordinal)))),
            new HashEntry("orgsExpires", (fetchedAt + ttl).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ]);
        if (await db.KeyTimeToLiveAsync(key) is null)
        {
            await db.KeyExpireAsync(key, ttl); // the profile expired in between: never keep a key forever
        }
    }
}
