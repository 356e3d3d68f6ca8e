using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Momentum.Bot.Affiliations;
using Momentum.Bot.Store;
using Momentum.Engine;
using StackExchange.Redis;

namespace Momentum.Benchmarks;

/// <summary>
/// Parse time and allocations of a realistic gitdm set: 10 files, about 10 MB, in the real format (dated lines, repeated
/// logins, comments); the parser before it read spans is the baseline, side by side.
/// </summary>
[MemoryDiagnoser]
public class GitdmBenchmarks
{
    private string[] _files = [];

    [GlobalSetup]
    public void Setup() => _files = GitdmSet.Generate(10, 1_000_000);

    [Benchmark(Baseline = true, Description = "before: ReadLine and substrings (baseline, benchmark only)")]
    public int ParseBefore()
    {
        var affiliations = new DatedAffiliations();
        foreach (var file in _files)
        {
            using var reader = new StringReader(file);
            GitdmParserBefore.Parse(reader, affiliations);
        }

        return affiliations.Logins;
    }

    [Benchmark(Description = "parse 10 gitdm files (~10 MB) into dated affiliations")]
    public int Parse()
    {
        var affiliations = new DatedAffiliations();
        foreach (var file in _files)
        {
            using var reader = new StringReader(file);
            GitdmParser.Parse(reader, affiliations);
        }

        return affiliations.Logins;
    }
}

public static class GitdmSet
{
    private static readonly string[] Companies =
    [
        "Google LLC", "Red Hat Inc.", "Microsoft Corporation", "Independent", "NotFound", "Upbound Inc.", "Isovalent", "VMware Inc.",
        "Huawei Technologies Co. Ltd", "IBM", "Amazon", "Intel Corporation", "Grafana Labs", "SUSE LLC", "Datadog Inc.", "(Unknown)",
    ];

    /// <summary><paramref name="files"/> files of about <paramref name="bytesEach"/> bytes; logins repeat across files as in gitdm.</summary>
    public static string[] Generate(int files, int bytesEach)
    {
        var random = new Random(9);
        var result = new string[files];
        var login = 0;
        for (var f = 0; f < files; f++)
        {
            var text = new StringBuilder(bytesEach + 200);
            text.Append("# This is the list of developers and their affiliations.\n# Format: login: email1, email2\n#\tCompany [from YYYY-MM-DD] [until YYYY-MM-DD]\n\n");
            while (text.Length < bytesEach)
            {
                // One in twenty entries repeats an earlier login (gitdm has them).
                var id = random.Next(20) == 0 && login > 0 ? random.Next(login) : login++;
                text.Append(CultureInfo.InvariantCulture, $"dev-{id}: dev{id}!users.noreply.github.com, first.last{id}!example{id % 997}.com\n");
                var lines = random.Next(1, 4);
                var year = 2014 + random.Next(8);
                for (var l = 0; l < lines; l++)
                {
                    var company = Companies[random.Next(Companies.Length)];
                    if (l < lines - 1)
                    {
                        year += 1 + random.Next(3);
                        text.Append(CultureInfo.InvariantCulture, $"\t{company} until {year}-{1 + random.Next(12):00}-01\n");
                    }
                    else
                    {
                        text.Append('\t').Append(company).Append('\n');
                    }
                }
            }

            result[f] = text.ToString();
        }

        return result;
    }

    /// <summary>Stores the set the way the refresher does (Brotli per file) and prints the bytes and one parse's time.</summary>
    public static async Task MeasureAsync(string redisConnection)
    {
        var files = Generate(10, 1_000_000);
        var raw = files.Sum(f => (long)Encoding.UTF8.GetByteCount(f));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(redisConnection);
        var prefix = $"bench-gitdm-{Guid.NewGuid():N}:";
        var store = new AffiliationFileStore(redis, new RedisKeys(prefix));
        for (var i = 0; i < files.Length; i++)
        {
            await store.SaveAsync($"gitdm:cncf/gitdm/developers_affiliations{i + 1}.txt", $"sha{i}", Encoding.UTF8.GetBytes(files[i]), DateTimeOffset.UnixEpoch);
        }

        var stored = await store.StoredBytesAsync();
        var affiliations = new DatedAffiliations();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var malformed = 0;
        foreach (var source in (await store.VersionsAsync()).Keys)
        {
            using var reader = (await store.OpenAsync(source))!;
            malformed += GitdmParser.Parse(reader, affiliations).Malformed;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gitdm set: {files.Length} files, {raw / 1e6:0.0} MB of text, {affiliations.Logins:N0} logins, {affiliations.Emails:N0} emails, {malformed} malformed; Redis: {stored / 1e6:0.00} MB (Brotli); read from Redis and parse once: {clock.Elapsed.TotalMilliseconds:0} ms"));
        foreach (var source in (await store.VersionsAsync()).Keys)
        {
            await store.RemoveAsync(source);
        }
    }
}
