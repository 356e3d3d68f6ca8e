using System.Globalization;
using Momentum.Bot.Catalog;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>Scan state of one repository, kept in its meta hash.</summary>
public sealed record RepositoryState
{
    public Week? HistoryStart { get; init; }

    public DateTimeOffset? LastScan { get; init; }

    public string? FullName { get; init; }

    public string? DefaultBranch { get; init; }

    public int? Stars { get; init; }

    /// <summary>Commits are re-fetched from here (week-anchored, so an unchanged repository gets 304s).</summary>
    public DateTimeOffset? CommitsSince { get; init; }

    /// <summary>The newest pull request <c>updated_at</c> already ingested; paging stops below it.</summary>
    public DateTimeOffset? PullsWatermark { get; init; }

    public DateTimeOffset? IssuesSince { get; init; }

    public DateTimeOffset? CommentsSince { get; init; }

    /// <summary>Bumped whenever stored activity changes: part of every report cache key.</summary>
    public long Version { get; init; }
}

/// <summary>
/// Per-repository weekly activity in Redis: interned actors, one small hash per week, dedupe marks and cursors.
/// Batches are applied by one Lua script so an event counts once, whatever retries and restarts happen.
/// </summary>
public sealed class ActivityStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    private const int FixedKeys = 10;

    // KEYS: 1 actors, 2 first-seen, 3 meta, 4 seen commits, 5 pr-opened, 6 pr-merged, 7 issue-opened, 8 responded,
    // 9 first responses, 10 awaiting, 11.. week hashes.
    // ARGV: expected actor count, new actor count, new actors…, then ops of 7 arguments each:
    //   C sha epoch weekKey weekIndex actor increment   – a commit, counted once per SHA
    //   N bitKey number weekKey weekIndex actor increment – a numbered event, counted once per number
    //   A number value                                    – an item now awaiting a first response
    //   R number weekStart hours                          – a first response, recorded once per number
    private const string ApplyScript = """
        local expected = tonumber(ARGV[1])
        if redis.call('LLEN', KEYS[1]) ~= expected then
          return redis.error_reply('STALE actors changed under this scan')
        end
        local n = tonumber(ARGV[2])
        for i = 1, n do redis.call('RPUSH', KEYS[1], ARGV[2 + i]) end
        local function first(actor, week)
          local off = actor * 2
          local cur = redis.call('GETRANGE', KEYS[2], off, off + 1)
          local known = 0
          if #cur == 2 then known = string.byte(cur, 1) * 256 + string.byte(cur, 2) end
          if known == 0 or week < known then
            redis.call('SETRANGE', KEYS[2], off, string.char(math.floor(week / 256), week % 256))
          end
        end
        local counted = 0
        local i = 3 + n
        while i <= #ARGV do
          local op = ARGV[i]
          if op == 'C' or op == 'N' then
            local fresh
            if op == 'C' then
              fresh = redis.call('ZADD', KEYS[4], 'NX', ARGV[i + 2], ARGV[i + 1]) == 1
            else
              fresh = redis.call('SETBIT', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], 1) == 0
            end
            if fresh then
              redis.call('HINCRBY', KEYS[tonumber(ARGV[i + 3])], ARGV[i + 5], ARGV[i + 6])
              first(tonumber(ARGV[i + 5]), tonumber(ARGV[i + 4]))
              counted = counted + 1
            end
          elseif op == 'A' then
            if redis.call('GETBIT', KEYS[8], ARGV[i + 1]) == 0 then
              redis.call('HSETNX', KEYS[10], ARGV[i + 1], ARGV[i + 2])
            end
          elseif op == 'R' then
            if redis.call('SETBIT', KEYS[8], ARGV[i + 1], 1) == 0 then
              local prior = redis.call('HGET', KEYS[9], ARGV[i + 2])
              if prior then
                redis.call('HSET', KEYS[9], ARGV[i + 2], prior .. ',' .. ARGV[i + 3])
              else
                redis.call('HSET', KEYS[9], ARGV[i + 2], ARGV[i + 3])
              end
              counted = counted + 1
            end
            redis.call('HDEL', KEYS[10], ARGV[i + 1])
          end
          i = i + 7
        end
        if counted > 0 or n > 0 then redis.call('HINCRBY', KEYS[3], 'version', 1) end
        return counted
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<RepositoryState> GetStateAsync(RepositoryId repo)
    {
        var fields = await Db.HashGetAllAsync(keys.Meta(repo));
        var map = fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        return new RepositoryState
        {
            HistoryStart = map.TryGetValue("historyStart", out var hs) ? new Week(int.Parse(hs, CultureInfo.InvariantCulture)) : null,
            LastScan = Instant(map, "lastScan"),
            FullName = map.GetValueOrDefault("fullName"),
            DefaultBranch = map.GetValueOrDefault("defaultBranch"),
            Stars = map.TryGetValue("stars", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : null,
            CommitsSince = Instant(map, "commitsSince"),
            PullsWatermark = Instant(map, "pullsWatermark"),
            IssuesSince = Instant(map, "issuesSince"),
            CommentsSince = Instant(map, "commentsSince"),
            Version = map.TryGetValue("version", out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0,
        };
    }

    /// <summary>Writes the non-null fields of <paramref name="state"/> (the version is owned by the apply script).</summary>
    public Task SaveStateAsync(RepositoryId repo, RepositoryState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entries = new List<HashEntry>();
        void Put(string name, string? value)
        {
            if (value is not null)
            {
                entries.Add(new HashEntry(name, value));
            }
        }

        static string? Epoch(DateTimeOffset? at) => at?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Put("historyStart", state.HistoryStart?.Index.ToString(CultureInfo.InvariantCulture));
        Put("lastScan", Epoch(state.LastScan));
        Put("fullName", state.FullName);
        Put("defaultBranch", state.DefaultBranch);
        Put("stars", state.Stars?.ToString(CultureInfo.InvariantCulture));
        Put("commitsSince", Epoch(state.CommitsSince));
        Put("pullsWatermark", Epoch(state.PullsWatermark));
        Put("issuesSince", Epoch(state.IssuesSince));
        Put("commentsSince", Epoch(state.CommentsSince));
        return Db.HashSetAsync(keys.Meta(repo), entries.ToArray());
    }

    public async Task<ActorTable> LoadActorsAsync(RepositoryId repo)
    {
        var entries = await Db.ListRangeAsync(keys.Actors(repo));
        return new ActorTable(entries.Select(e => ActorTable.Decode(e.ToString())));
    }

    /// <summary>Applies a batch atomically; returns how many events (and responses) counted for the first time.</summary>
    public async Task<int> ApplyAsync(RepositoryId repo, ActivityBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty && batch.NewActors.Count == 0)
        {
            return 0;
        }

        var keyList = new List<RedisKey>
        {
            keys.Actors(repo), keys.FirstSeen(repo), keys.Meta(repo), keys.SeenCommits(repo),
            keys.Seen(repo, SeenKind.PullRequestOpened), keys.Seen(repo, SeenKind.PullRequestMerged),
            keys.Seen(repo, SeenKind.IssueOpened), keys.Seen(repo, SeenKind.Responded),
            keys.FirstResponses(repo), keys.AwaitingResponse(repo),
        };
        var weekKeys = new Dictionary<Week, int>();
        int WeekKey(Week week)
        {
            if (!weekKeys.TryGetValue(week, out var index))
            {
                keyList.Add(keys.Week(repo, week));
                index = keyList.Count;
                weekKeys[week] = index;
            }

            return index;
        }

        var args = new List<RedisValue> { batch.Actors.Count, batch.NewActors.Count };
        args.AddRange(batch.NewActors.Select(a => (RedisValue)ActorTable.Encode(a)));
        foreach (var e in batch.Events)
        {
            var increment = ActivityCounts.Increment(e.Kind);
            if (e.Kind == ContributionKind.Commit)
            {
                args.AddRange(["C", e.Sha, e.CommittedEpoch, WeekKey(e.Week), e.Week.Index, e.Actor, increment]);
            }
            else
            {
                var bitKey = e.Kind switch
                {
                    ContributionKind.PullRequestOpened => 5,
                    ContributionKind.PullRequestMerged => 6,
                    _ => 7,
                };
                args.AddRange(["N", bitKey, e.Number, WeekKey(e.Week), e.Week.Index, e.Actor, increment]);
            }
        }

        foreach (var a in batch.Awaiting)
        {
            args.AddRange(["A", a.Number, $"{a.Author}\t{a.OpenedAt.ToUnixTimeSeconds()}", "", "", "", ""]);
        }

        foreach (var r in batch.Responses)
        {
            var hours = Math.Round((r.RespondedAt - r.OpenedAt).TotalHours, 2).ToString(CultureInfo.InvariantCulture);
            args.AddRange(["R", r.Number, Week.Of(r.OpenedAt).ToString(), hours, "", "", ""]);
        }

        var counted = (int)await Db.ScriptEvaluateAsync(ApplyScript, keyList.ToArray(), args.ToArray());
        batch.Commit();
        return counted;
    }

    /// <summary>Items still waiting for their first response: number → (author, opened).</summary>
    public async Task<Dictionary<int, (string Author, DateTimeOffset OpenedAt)>> GetAwaitingAsync(RepositoryId repo)
    {
        var entries = await Db.HashGetAllAsync(keys.AwaitingResponse(repo));
        var result = new Dictionary<int, (string, DateTimeOffset)>();
        foreach (var e in entries)
        {
            var parts = e.Value.ToString().Split('\t');
            result[int.Parse(e.Name.ToString(), CultureInfo.InvariantCulture)] =
                (parts[0], DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[1], CultureInfo.InvariantCulture)));
        }

        return result;
    }

    /// <summary>
    /// Housekeeping after a successful scan: forget commit SHAs older than the re-fetch overlap, items that waited
    /// past the first-response window, and weeks older than the history horizon (first-seen weeks remain).
    /// </summary>
    public async Task TrimAsync(RepositoryId repo, DateTimeOffset commitsSince, DateTimeOffset awaitingSince, Week keepFrom, Week storedFrom)
    {
        var db = Db;
        var tasks = new List<Task>
        {
            db.SortedSetRemoveRangeByScoreAsync(keys.SeenCommits(repo), double.NegativeInfinity, commitsSince.AddDays(-7).ToUnixTimeSeconds()),
        };
        foreach (var (number, (_, openedAt)) in await GetAwaitingAsync(repo))
        {
            if (openedAt < awaitingSince)
            {
                tasks.Add(db.HashDeleteAsync(keys.AwaitingResponse(repo), number));
            }
        }

        for (var w = storedFrom; w < keepFrom; w = w.Next)
        {
            tasks.Add(db.KeyDeleteAsync(keys.Week(repo, w)));
            tasks.Add(db.HashDeleteAsync(keys.FirstResponses(repo), w.ToString()));
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>Reads the stored activity of weeks <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    public async Task<ActivityLedger> LoadLedgerAsync(RepositoryId repo, Week from, Week to)
    {
        var db = Db;
        var batch = db.CreateBatch();
        var actorsTask = batch.ListRangeAsync(keys.Actors(repo));
        var firstTask = batch.StringGetAsync(keys.FirstSeen(repo));
        var responsesTask = batch.HashGetAllAsync(keys.FirstResponses(repo));
        var weekTasks = new List<(Week Week, Task<HashEntry[]> Entries)>();
        for (var w = from; w <= to; w = w.Next)
        {
            weekTasks.Add((w, batch.HashGetAllAsync(keys.Week(repo, w))));
        }

        batch.Execute();
        var actors = (await actorsTask).Select(e => ActorTable.Decode(e.ToString())).ToArray();
        var firstBytes = (byte[]?)await firstTask ?? [];
        var firstSeen = new Week?[actors.Length];
        for (var a = 0; a < actors.Length && (a * 2) + 1 < firstBytes.Length; a++)
        {
            var index = (firstBytes[a * 2] << 8) | firstBytes[(a * 2) + 1];
            firstSeen[a] = index == 0 ? null : new Week(index);
        }

        var cells = new List<ActivityCell>();
        foreach (var (week, entriesTask) in weekTasks)
        {
            foreach (var entry in await entriesTask)
            {
                var actor = int.Parse(entry.Name.ToString(), CultureInfo.InvariantCulture);
                if (actor < actors.Length)
                {
                    cells.Add(new ActivityCell(week, actor, ActivityCounts.Unpack((long)entry.Value)));
                }
            }
        }

        var responses = new List<FirstResponseSample>();
        foreach (var entry in await responsesTask)
        {
            var week = Week.Of(DateOnly.ParseExact(entry.Name.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (week < from || week > to)
            {
                continue;
            }

            foreach (var hours in entry.Value.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                responses.Add(new FirstResponseSample(week, double.Parse(hours, CultureInfo.InvariantCulture)));
            }
        }

        return new ActivityLedger(actors, cells, responses, from, firstSeen);
    }

    /// <summary>Bytes Redis uses for this repository's keys (MEMORY USAGE), excluding the shared caches.</summary>
    public async Task<long> MemoryUsageAsync(RepositoryId repo, Week from, Week to)
    {
        var db = Db;
        var repoKeys = new List<RedisKey>
        {
            keys.Actors(repo), keys.FirstSeen(repo), keys.Meta(repo), keys.SeenCommits(repo), keys.FirstResponses(repo),
            keys.AwaitingResponse(repo), keys.Seen(repo, SeenKind.PullRequestOpened), keys.Seen(repo, SeenKind.PullRequestMerged),
            keys.Seen(repo, SeenKind.IssueOpened), keys.Seen(repo, SeenKind.Responded),
        };
        for (var w = from; w <= to; w = w.Next)
        {
            repoKeys.Add(keys.Week(repo, w));
        }

        long total = 0;
        foreach (var key in repoKeys)
        {
            var usage = await db.ExecuteAsync("MEMORY", "USAGE", key);
            total += usage.IsNull ? 0 : (long)usage;
        }

        return total;
    }

    private static DateTimeOffset? Instant(Dictionary<string, string> map, string name) =>
        map.TryGetValue(name, out var value) ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(value, CultureInfo.InvariantCulture)) : null;
}
