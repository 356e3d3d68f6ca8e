using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// What the start-up migrations need of the whole keyspace, on one server or a Redis Cluster alike: every key matching a
/// pattern (a SCAN of each primary), and moving a key to a new name (a rename, or in a cluster, where the two names may
/// lie in different slots, a copy and a delete).
/// </summary>
internal static class StoreKeyspace
{
    public static bool IsCluster(IConnectionMultiplexer redis) =>
        redis.GetServers().Any(s => s.ServerType == ServerType.Cluster);

    /// <summary>Keys matching <paramref name="pattern"/> (its <c>*</c> are wildcards; every other character matches itself).</summary>
    public static async Task<List<string>> ScanAsync(IConnectionMultiplexer redis, string pattern)
    {
        var found = new List<string>();
        var match = Escape(pattern);
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            var cursor = "0";
            do
            {
                var page = (RedisResult[])(await server.ExecuteAsync("SCAN", cursor, "MATCH", match, "COUNT", 1000))!;
                cursor = (string)page[0]!;
                found.AddRange(((RedisResult[])page[1]!).Select(k => (string)k!));
            }
            while (cursor != "0");
        }

        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Moves a key (with its time to live); when the new key exists already (written meanwhile), the old hash's, set's or
    /// sorted set's entries join it, and any other old value gives way to the new one.
    /// </summary>
    public static async Task MoveAsync(IConnectionMultiplexer redis, string from, string to)
    {
        var db = redis.GetDatabase();
        if (await TryMoveWholeAsync(redis, db, from, to))
        {
            return;
        }

        switch (await db.KeyTypeAsync(from))
        {
            case RedisType.Hash:
                foreach (var entry in await db.HashGetAllAsync(from))
                {
                    await db.HashSetAsync(to, entry.Name, entry.Value, When.NotExists);
                }

                break;
            case RedisType.Set:
                await db.SetAddAsync(to, await db.SetMembersAsync(from));
                break;
            case RedisType.SortedSet:
                foreach (var entry in await db.SortedSetRangeByRankWithScoresAsync(from))
                {
                    await db.SortedSetAddAsync(to, entry.Element, entry.Score, SortedSetWhen.NotExists);
                }

                break;
        }

        await db.KeyDeleteAsync(from);
    }

    /// <summary>True when the key was moved or was gone already; false when the new key exists.</summary>
    private static async Task<bool> TryMoveWholeAsync(IConnectionMultiplexer redis, IDatabase db, string from, string to)
    {
        if (!IsCluster(redis))
        {
            try
            {
                return await db.KeyRenameAsync(from, to, When.NotExists);
            }
            catch (RedisServerException)
            {
                // The old key is gone: moved already.
                return true;
            }
        }

        if (await db.KeyExistsAsync(to))
        {
            return false;
        }

        if (await db.KeyDumpAsync(from) is not { } dump)
        {
            return true;
        }

        var ttl = await db.KeyTimeToLiveAsync(from);
        try
        {
            await db.KeyRestoreAsync(to, dump, ttl);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYKEY", StringComparison.Ordinal))
        {
            return false;
        }

        await db.KeyDeleteAsync(from);
        return true;
    }

    // The key prefix is configuration: its glob characters match themselves; only the pattern's own '*' are wildcards.
    private static string Escape(string pattern)
    {
        var builder = new System.Text.StringBuilder(pattern.Length + 8);
        foreach (var c in pattern)
        {
            if (c is '?' or '[' or ']' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
