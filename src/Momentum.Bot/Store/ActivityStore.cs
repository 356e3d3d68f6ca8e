using System.Globalization;
using Momentum.Bot.Catalog;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// Per-repository weekly activity in Redis: interned actors (one per identity, with the email domains they used and
/// when), one compact blob per week, dedupe marks and cursors. Batches are applied by one Lua script so an event
/// counts once, whatever retries and restarts happen.
/// </summary>
public sealed class ActivityStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    // KEYS: 1 actors, 2 first-seen, 3 meta, 4 pr-opened, 5 pr-merged, 6 issue-opened, 7 responded, 8 first responses,
    // 9.. week blobs, seen-commit shards and awaiting shards, referenced by index from the ops.
    // ARGV: expected actor count, new actor count, new actors…, then ops of 7 arguments each:
    //   C seenKey sha weekKey weekIndex actor domain       – a commit, counted once per SHA (domain may be "")
    //   N bitKey number weekKey weekIndex actor field       – a numbered event (field 2..4), counted once per number
    //   A awaitingKey number value                          – an item now awaiting a first response
    //   R awaitingKey number weekStart hours                – a first response, recorded once per number
    // A week blob is a run of records sorted by actor. Each record is varint(actorDelta * 16 + mask), then a varint
    // for each count the mask says is present (bit 0 commits, 1 PRs opened, 2 PRs merged, 3 issues opened).
    private const string ApplyScript = """
        local expected = tonumber(ARGV[1])
        if redis.call('LLEN', KEYS[1]) ~= expected then
          return redis.error_reply('STALE actors changed under this scan')
        end
        local n = tonumber(ARGV[2])
        for i = 1, n do redis.call('RPUSH', KEYS[1], ARGV[2 + i]) end

        local weeks = {}
        local function week(k)
          local t = weeks[k]
          if t then return t end
          local s = redis.call('GET', KEYS[k]) or ''
          t = { recs = {}, index = {} }
          local pos, len, prev = 1, #s, 0
          local function varint()
            local v, mul = 0, 1
            while true do
              local b = string.byte(s, pos)
              pos = pos + 1
              if b >= 128 then v = v + (b - 128) * mul; mul = mul * 128 else return v + b * mul end
            end
          end
          while pos <= len do
            local head = varint()
            local mask = head % 16
            local rec = { prev + math.floor(head / 16), 0, 0, 0, 0 }
            prev = rec[1]
            for f = 2, 5 do
              if mask % 2 == 1 then rec[f] = varint() end
              mask = math.floor(mask / 2)
            end
            t.recs[#t.recs + 1] = rec
            t.index[rec[1]] = #t.recs
          end
          weeks[k] = t
          return t
        end
        local function add(k, actor, field)
          local t = week(k)
          local at = t.index[actor]
          if not at then
            t.recs[#t.recs + 1] = { actor, 0, 0, 0, 0 }
            at = #t.recs
            t.index[actor] = at
          end
          t.recs[at][field] = t.recs[at][field] + 1
        end
        local function first(actor, w)
          local off = actor * 2
          local cur = redis.call('GETRANGE', KEYS[2], off, off + 1)
          local known = 0
          if #cur == 2 then known = string.byte(cur, 1) * 256 + string.byte(cur, 2) end
          if known == 0 or w < known then
            redis.call('SETRANGE', KEYS[2], off, string.char(math.floor(w / 256), w % 256))
          end
        end
        local domains = {}
        local function used(actor, domain, w)
          local d = domains[actor]
          if not d then
            local entry = redis.call('LINDEX', KEYS[1], actor)
            local identity, bot, ranges = string.match(entry, '^([^\t]*)\t?([^\t]*)\t?(.*)$')
            d = { head = identity .. '\t' .. bot, list = {}, dirty = false }
            for name, lo, hi in string.gmatch(ranges, '([^,;]+),(%d+),(%d+)') do
              d.list[#d.list + 1] = { name, tonumber(lo), tonumber(hi) }
            end
            domains[actor] = d
          end
          for _, r in ipairs(d.list) do
            if r[1] == domain then
              if w < r[2] then r[2] = w; d.dirty = true end
              if w > r[3] then r[3] = w; d.dirty = true end
              return
            end
          end
          d.list[#d.list + 1] = { domain, w, w }
          d.dirty = true
        end

        local counted = 0
        local i = 3 + n
        while i <= #ARGV do
          local op = ARGV[i]
          if op == 'C' then
            if redis.call('HSETNX', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], '') == 1 then
              local actor, w = tonumber(ARGV[i + 5]), tonumber(ARGV[i + 4])
              add(tonumber(ARGV[i + 3]), actor, 2)
              first(actor, w)
              if ARGV[i + 6] ~= '' then used(actor, ARGV[i + 6], w) end
              counted = counted + 1
            end
          elseif op == 'N' then
            if redis.call('SETBIT', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], 1) == 0 then
              local actor = tonumber(ARGV[i + 5])
              add(tonumber(ARGV[i + 3]), actor, tonumber(ARGV[i + 6]))
              first(actor, tonumber(ARGV[i + 4]))
              counted = counted + 1
            end
          elseif op == 'A' then
            if redis.call('GETBIT', KEYS[7], ARGV[i + 2]) == 0 then
              redis.call('HSETNX', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3])
            end
          elseif op == 'R' then
            if redis.call('SETBIT', KEYS[7], ARGV[i + 2], 1) == 0 then
              local prior = redis.call('HGET', KEYS[8], ARGV[i + 3])
              if prior then
                redis.call('HSET', KEYS[8], ARGV[i + 3], prior .. ',' .. ARGV[i + 4])
              else
                redis.call('HSET', KEYS[8], ARGV[i + 3], ARGV[i + 4])
              end
              counted = counted + 1
            end
            redis.call('HDEL', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2])
          end
          i = i + 7
        end

        for k, t in pairs(weeks) do
          table.sort(t.recs, function(a, b) return a[1] < b[1] end)
          local out, prev = {}, 0
          local function put(v)
            while v >= 128 do
              out[#out + 1] = string.char(v % 128 + 128)
              v = math.floor(v / 128)
            end
            out[#out + 1] = string.char(v)
          end
          for _, rec in ipairs(t.recs) do
            local mask, bit = 0, 1
            for f = 2, 5 do
              if rec[f] > 0 then mask = mask + bit end
              bit = bit * 2
            end
            put((rec[1] - prev) * 16 + mask)
            prev = rec[1]
            for f = 2, 5 do
              if rec[f] > 0 then put(rec[f]) end
            end
          end
          redis.call('SET', KEYS[k], table.concat(out))
        end
        for actor, d in pairs(domains) do
          if d.dirty then
            local parts = {}
            for _, r in ipairs(d.list) do parts[#parts + 1] = r[1] .. ',' .. r[2] .. ',' .. r[3] end
            redis.call('LSET', KEYS[1], actor, d.head .. '\t' .. table.concat(parts, ';'))
          end
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
            PullsBackfillPage = map.TryGetValue("pullsBackfillPage", out var bp) ? int.Parse(bp, CultureInfo.InvariantCulture) : null,
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
        Put("pullsBackfillPage", state.PullsBackfillPage?.ToString(CultureInfo.InvariantCulture));
        return Db.HashSetAsync(keys.Meta(repo), entries.ToArray());
    }

    public async Task<ActorTable> LoadActorsAsync(RepositoryId repo)
    {
        var entries = await Db.ListRangeAsync(keys.Actors(repo));
        return new ActorTable(entries.Select(e => ActorTable.Decode(e.ToString()).Actor));
    }

    /// <summary>The identities whose stored commits used an email domain that can name an employer.</summary>
    public async Task<HashSet<string>> IdentitiesWithCommitDomainsAsync(RepositoryId repo)
    {
        var entries = await Db.ListRangeAsync(keys.Actors(repo));
        return entries.Select(e => ActorTable.Decode(e.ToString())).Where(d => d.Domains.Count > 0).Select(d => d.Actor.Identity).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Applies a batch atomically; returns how many events (and responses) counted for the first time.</summary>
    public async Task<int> ApplyAsync(RepositoryId repo, ActivityBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.IsEmpty)
        {
            return 0;
        }

        var keyList = new List<RedisKey>
        {
            keys.Actors(repo), keys.FirstSeen(repo), keys.Meta(repo),
            keys.Seen(repo, SeenKind.PullRequestOpened), keys.Seen(repo, SeenKind.PullRequestMerged),
            keys.Seen(repo, SeenKind.IssueOpened), keys.Seen(repo, SeenKind.Responded), keys.FirstResponses(repo),
        };
        var keyIndex = new Dictionary<RedisKey, int>();
        int KeyOf(RedisKey key)
        {
            if (!keyIndex.TryGetValue(key, out var index))
            {
                keyList.Add(key);
                index = keyList.Count;
                keyIndex[key] = index;
            }

            return index;
        }

        var args = new List<RedisValue> { batch.Actors.Count, batch.NewActors.Count };
        args.AddRange(batch.NewActors.Select(a => (RedisValue)ActorTable.Encode(a)));
        foreach (var e in batch.Events)
        {
            var weekKey = KeyOf(keys.Week(repo, e.Week));
            if (e.Kind == ContributionKind.Commit)
            {
                // Ten hex digits tell a repository's recent commits apart and keep the dedupe shards small.
                var sha = e.Sha!.Length > 10 ? e.Sha[..10] : e.Sha;
                args.AddRange(["C", KeyOf(keys.SeenCommits(repo, e.CommittedWeek)), sha, weekKey, e.Week.Index, e.Actor, e.Domain ?? ""]);
            }
            else
            {
                var (bitKey, field) = e.Kind switch
                {
                    ContributionKind.PullRequestOpened => (4, 3),
                    ContributionKind.PullRequestMerged => (5, 4),
                    _ => (6, 5),
                };
                args.AddRange(["N", bitKey, e.Number, weekKey, e.Week.Index, e.Actor, field]);
            }
        }

        foreach (var a in batch.Awaiting)
        {
            var opened = Week.Of(a.OpenedAt);
            var minutes = (long)(a.OpenedAt - opened.StartInstant).TotalMinutes;
            args.AddRange(["A", KeyOf(keys.AwaitingResponse(repo, opened)), a.Number, $"{a.AuthorActor}:{minutes}", "", "", ""]);
        }

        foreach (var r in batch.Responses)
        {
            var hours = Math.Round((r.RespondedAt - r.OpenedAt).TotalHours, 2).ToString(CultureInfo.InvariantCulture);
            args.AddRange(["R", KeyOf(keys.AwaitingResponse(repo, Week.Of(r.OpenedAt))), r.Number, Week.Of(r.OpenedAt).ToString(), hours, "", ""]);
        }

        var counted = (int)await Db.ScriptEvaluateAsync(ApplyScript, keyList.ToArray(), args.ToArray());
        batch.Applied();
        return counted;
    }

    /// <summary>Items opened in weeks <paramref name="from"/>..<paramref name="to"/> still waiting for a first response.</summary>
    public async Task<Dictionary<int, AwaitingItem>> GetAwaitingAsync(RepositoryId repo, Week from, Week to)
    {
        var batch = Db.CreateBatch();
        var tasks = new List<(Week Week, Task<HashEntry[]> Entries)>();
        for (var w = from; w <= to; w = w.Next)
        {
            tasks.Add((w, batch.HashGetAllAsync(keys.AwaitingResponse(repo, w))));
        }

        batch.Execute();
        var result = new Dictionary<int, AwaitingItem>();
        foreach (var (week, task) in tasks)
        {
            foreach (var e in await task)
            {
                var value = e.Value.ToString();
                var colon = value.IndexOf(':', StringComparison.Ordinal);
                var number = int.Parse(e.Name.ToString(), CultureInfo.InvariantCulture);
                result[number] = new AwaitingItem(
                    number,
                    int.Parse(value.AsSpan(0, colon), CultureInfo.InvariantCulture),
                    week.StartInstant.AddMinutes(long.Parse(value.AsSpan(colon + 1), CultureInfo.InvariantCulture)));
            }
        }

        return result;
    }

    /// <summary>
    /// Housekeeping after a successful scan: forget commit dedupe shards before the re-fetch overlap, waits older than
    /// the first-response window, and weeks older than the history horizon (first-seen weeks remain).
    /// </summary>
    public async Task TrimAsync(RepositoryId repo, Week storedFrom, Week keepFrom, Week commitsFrom, Week awaitingFrom)
    {
        var batch = Db.CreateBatch();
        var tasks = new List<Task>();
        for (var w = storedFrom.Plus(-4); w < commitsFrom.Previous; w = w.Next)
        {
            tasks.Add(batch.KeyDeleteAsync(keys.SeenCommits(repo, w)));
        }

        for (var w = awaitingFrom.Plus(-8); w < awaitingFrom; w = w.Next)
        {
            tasks.Add(batch.KeyDeleteAsync(keys.AwaitingResponse(repo, w)));
        }

        for (var w = storedFrom; w < keepFrom; w = w.Next)
        {
            tasks.Add(batch.KeyDeleteAsync(keys.Week(repo, w)));
            tasks.Add(batch.HashDeleteAsync(keys.FirstResponses(repo), w.ToString()));
        }

        batch.Execute();
        await Task.WhenAll(tasks);
    }

    /// <summary>Reads the stored activity of weeks <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    public async Task<ActivityLedger> LoadLedgerAsync(RepositoryId repo, Week from, Week to)
    {
        var batch = Db.CreateBatch();
        var actorsTask = batch.ListRangeAsync(keys.Actors(repo));
        var firstTask = batch.StringGetAsync(keys.FirstSeen(repo));
        var responsesTask = batch.HashGetAllAsync(keys.FirstResponses(repo));
        var weekTasks = new List<(Week Week, Task<RedisValue> Blob)>();
        for (var w = from; w <= to; w = w.Next)
        {
            weekTasks.Add((w, batch.StringGetAsync(keys.Week(repo, w))));
        }

        batch.Execute();
        var decoded = (await actorsTask).Select(e => ActorTable.Decode(e.ToString())).ToArray();
        var actors = decoded.Select(d => d.Actor).ToArray();
        var evidence = new List<DomainEvidence>();
        for (var a = 0; a < decoded.Length; a++)
        {
            evidence.AddRange(decoded[a].Domains.Select(d => new DomainEvidence(a, d.Domain, d.First, d.Last)));
        }

        var firstBytes = (byte[]?)await firstTask ?? [];
        var firstSeen = new Week?[actors.Length];
        for (var a = 0; a < actors.Length && (a * 2) + 1 < firstBytes.Length; a++)
        {
            var index = (firstBytes[a * 2] << 8) | firstBytes[(a * 2) + 1];
            firstSeen[a] = index == 0 ? null : new Week(index);
        }

        var cells = new List<ActivityCell>();
        foreach (var (week, blobTask) in weekTasks)
        {
            var blob = (byte[]?)await blobTask;
            if (blob is { Length: > 0 })
            {
                WeekBlob.Decode(blob, week, actors.Length, cells);
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

        return new ActivityLedger(actors, cells, responses, from, firstSeen, evidence);
    }

    private static DateTimeOffset? Instant(Dictionary<string, string> map, string name) =>
        map.TryGetValue(name, out var value) ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(value, CultureInfo.InvariantCulture)) : null;
}

