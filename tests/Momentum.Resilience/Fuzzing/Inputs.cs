using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Momentum.Resilience.Fuzzing;

/// <summary>
/// Generators of hostile input: grammar-aware token soup (so the fuzzer reaches deep into the parser), raw Unicode
/// with lone surrogates and control characters, and JSON documents mutated from real payloads (a value replaced by
/// another type, a key dropped, deep nesting, huge strings) — the shapes that broke readers before.
/// </summary>
public static class Inputs
{
    private static readonly string[] Vocabulary =
    [
        "/momentum", "compare", "vendor", "vendors", "add", "remove", "reset", "alias", "aliases", "watchlist", "watchlists",
        "create", "delete", "show", "list", "subscribe", "unsubscribe", "subscriptions", "alerts", "weekly", "watch",
        "backtest", "timezone", "tz", "help", "public", "person", "who", "org", "clear", "from", "until",
        "sensitivity=low", "sensitivity=high", "sensitivity=", "day=fri", "day=", "time=17:30", "time=25:99", "tz=Europe/Berlin",
        "tz=../../etc", "exclude=a,b", "exclude=", "weeks=52", "weeks=-1", "weeks=99999999999", "weeks=", "=", "==",
        "cilium", "rocket", "acme/rocket", "demo/comet", "owner/repo", "a/b/c", "../..", "..%2F..", "http://169.254.169.254/",
        "https://evil.test/x", "\"Grafana Labs\"", "\"", "“quoted”", "'single'", "grafana.com", "*Bold*", "_it_", "~s~", "`c`",
        "<@U123>", "<!channel>", "<!here>", "<at>Momentum</at>", "@everyone", "&amp;", "<", ">", "&", "\\", "\0", "\u202e",
        "\ud83d\ude80", "\ud800", "\udfff", "\u00a0", "\t", "\r\n", "", new string('x', 300), "2026-13-45", "0", "-1",
    ];

    private static readonly string[] Separators = [" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u3000", ""];

    /// <summary>Text a person (or an attacker) might type after <c>/momentum</c>.</summary>
    public static readonly Gen<string> CommandText = Gen.Frequency(
        (5, Gen.Int[1, 12].SelectMany(n => Gen.Select(Gen.OneOf(Vocabulary).Array[n], Gen.OneOf(Separators).Array[n]))
            .Select(t => string.Concat(t.Item1.Zip(t.Item2, (w, s) => w + s)))),
        W(2, Gen.String),
        W(2, Gen.Char.Array[0, 80].Select(c => new string(c))),
        W(1, Gen.Int[0, 4000].Select(n => new string('a', n))));

    /// <summary>Any value a JSON field might hold, including the wrong type.</summary>
    public static readonly Gen<JsonNode?> AnyJson = Gen.Frequency<JsonNode?>(
        (3, Gen.Const(() => (JsonNode?)null)),
        W(3, Gen.OneOf<JsonNode?>(1, -1, 0, 1e308, true, false, "", "x", "null")),
        W(2, CommandText.Select(s => (JsonNode?)JsonValue.Create(s))),
        W(2, Gen.OneOf<Func<JsonNode?>>(
            () => new JsonArray(), () => new JsonObject(), () => new JsonArray((JsonNode?)null), () => new JsonArray("x"),
            () => new JsonArray(1, 2), () => new JsonObject { ["a"] = null }, () => new JsonObject { ["type"] = "x" },
            () => new JsonArray(new JsonObject { ["value"] = null, ["action_id"] = 1 })).Select(f => f())),
        W(1, Gen.Int[1, 200].Select(Nested)));

    /// <summary>A document mutated from <paramref name="seed"/>: one to four random changes at random places.</summary>
    public static Gen<JsonNode> Mutations(JsonNode seed) =>
        Gen.Select(Gen.Int[1, 4], Gen.Int, AnyJson.Array[4]).Select(t =>
        {
            var document = seed.DeepClone();
            var random = new Random(t.Item2);
            for (var i = 0; i < t.Item1; i++)
            {
                Mutate(document, random, t.Item3[i]);
            }

            return document;
        });

    /// <summary>The values <see cref="Sweep"/> puts in each place: every JSON type, and the shapes that broke readers.</summary>
    public static JsonNode?[] SweepValues() =>
    [
        null, 1, -1, 0, 1e308, true, false, "", "x", "null", "acme/rocket", new string('a', 5000), new JsonArray(), new JsonObject(),
        new JsonArray((JsonNode?)null), new JsonArray("x"), new JsonArray(1, 2), new JsonObject { ["a"] = null },
        new JsonObject { ["type"] = "x" }, new JsonArray(new JsonObject { ["value"] = null, ["action_id"] = 1 }), Nested(60),
        "\uDE80 unpaired", // valid UTF-8 JSON (an escape) that System.Text.Json refuses to read as a string
    ];

    /// <summary>
    /// Every single mutation of <paramref name="seed"/>, deterministically: each value and each place replaced by each of
    /// <see cref="SweepValues"/>, and each key removed. The random fuzzers explore; this sweep is the same every run.
    /// </summary>
    public static IEnumerable<(string Where, JsonNode Document)> Sweep(JsonNode seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var paths = new List<string>();
        Paths(seed, "$", paths);
        foreach (var path in paths.Where(p => p != "$"))
        {
            var copy = seed.DeepClone();
            Remove(copy, path);
            yield return ($"{path} removed", copy);
            var values = SweepValues();
            for (var i = 0; i < values.Length; i++)
            {
                copy = seed.DeepClone();
                Replace(copy, path, values[i]);
                yield return ($"{path} = {(values[i]?.ToJsonString() is { } v && v.Length > 40 ? v[..40] + "…" : values[i]?.ToJsonString() ?? "null")}", copy);
            }
        }
    }

    private static void Paths(JsonNode node, string path, List<string> paths)
    {
        paths.Add(path);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (child is not null)
                    {
                        Paths(child, path + "." + key, paths);
                    }
                    else
                    {
                        paths.Add(path + "." + key);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child)
                    {
                        Paths(child, $"{path}[{i}]", paths);
                    }
                }

                break;
        }
    }

    private static (JsonNode Parent, string? Key, int Index) Locate(JsonNode root, string path)
    {
        var parts = System.Text.RegularExpressions.Regex.Matches(path[1..], @"\.([^.\[]+)|\[(\d+)\]").ToList();
        var node = root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            node = parts[i].Groups[1].Success ? node[parts[i].Groups[1].Value]! : node[int.Parse(parts[i].Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        var last = parts[^1];
        return last.Groups[1].Success ? (node, last.Groups[1].Value, -1) : (node, null, int.Parse(last.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var (parent, key, index) = Locate(root, path);
        if (key is not null)
        {
            parent.AsObject()[key] = value;
        }
        else
        {
            parent.AsArray()[index] = value;
        }
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, key, index) = Locate(root, path);
        if (key is not null)
        {
            parent.AsObject().Remove(key);
        }
        else
        {
            parent.AsArray().RemoveAt(index);
        }
    }

    /// <summary>Bytes as a broken client or proxy might send them: valid UTF-8 with flipped bits, truncated, or padded.</summary>
    public static Gen<byte[]> Damaged(Gen<string> text) =>
        Gen.Select(text, Gen.Int, Gen.Int[0, 3]).Select(t =>
        {
            var bytes = Encoding.UTF8.GetBytes(t.Item1);
            var random = new Random(t.Item2);
            switch (t.Item3)
            {
                case 0 when bytes.Length > 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    return bytes;
                case 1 when bytes.Length > 1:
                    return bytes[..random.Next(bytes.Length)];
                case 2:
                    return [.. bytes, 0xC3, 0x28, 0xFF, 0xFE];
                default:
                    return bytes;
            }
        });

    /// <summary>A weighted generator, typed so CsCheck's Frequency picks generators, not constants.</summary>
    public static (int, IGen<T>) W<T>(int weight, Gen<T> gen) => (weight, gen);

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }

    private static void Mutate(JsonNode document, Random random, JsonNode? value)
    {
        var containers = new List<JsonNode>();
        Collect(document, containers);
        var target = containers[random.Next(containers.Count)];
        switch (target)
        {
            case JsonObject obj when obj.Count > 0:
                var key = obj.ElementAt(random.Next(obj.Count)).Key;
                if (random.Next(5) == 0)
                {
                    obj.Remove(key);
                }
                else
                {
                    obj[key] = value?.DeepClone();
                }

                break;
            case JsonArray array when array.Count > 0:
                array[random.Next(array.Count)] = value?.DeepClone();
                break;
            case JsonObject obj:
                obj["type"] = value?.DeepClone();
                break;
            case JsonArray array:
                array.Add(value?.DeepClone());
                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> containers)
    {
        switch (node)
        {
            case JsonObject obj:
                containers.Add(obj);
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, containers);
                    }
                }

                break;
            case JsonArray array:
                containers.Add(array);
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, containers);
                    }
                }

                break;
        }
    }
}
