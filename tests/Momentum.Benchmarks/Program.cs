using BenchmarkDotNet.Running;
using Momentum.Benchmarks;

// dotnet run -c Release --project tests/Momentum.Benchmarks -- engine      (BenchmarkDotNet: rebuild and report)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- spike-bench (BenchmarkDotNet: the spike detector over 1,000 synthetic 104-week histories)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- charts      (BenchmarkDotNet: render time and PNG bytes per chart)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- chart-encoding   (BenchmarkDotNet: PNG encoding alone, per filter and zlib level)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- chart-files [dir]  (the benchmark's four charts as PNG files, to look at)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- storage     (Redis bytes and rescan requests; needs Redis)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- discover [candidates] [latency ms] [limit]  (one discovery: time to the ranking, progress, requests, a repeat; needs Redis)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- cycle       (GitHub requests per 6-hour cycle, 200 repositories; needs Redis)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- onboarding [N] [latency ms]  (one token vs a GitHub App; needs Redis)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- onboarding [N] [latency ms] graphql [commits]  (REST vs GraphQL history cost; needs Redis)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- calibrate [../shared/data]
// dotnet run -c Release --project tests/Momentum.Benchmarks -- spikes [../shared/data] [labelled-spikes.json]   (alerts per project-year, recall on labels)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- spike-series [../shared/data]   (weekly end-user series, for labelling)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- gitdm       (Redis bytes and one read+parse of a 10-file ~10 MB gitdm set; needs Redis)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- --filter '*Gitdm*'   (BenchmarkDotNet: parse time)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- gitdm-bench  (BenchmarkDotNet: gitdm parse, ms per MB and allocations)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- gitdm-coverage [../shared/data] [0.6] [seed]  (known share with vs without a generated gitdm file)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- first-answer [commits] [latency ms]  (never-seen repository: progressive vs whole history; needs Redis)
// dotnet run -c Release --project tests/Momentum.Benchmarks -- teams-fakes APP_ID   (for bench/teams-load.sh)
switch (args.FirstOrDefault())
{
    case "teams-fakes":
        await TeamsFakes.RunAsync(args[1]);
        break;
    case "storage":
        await Measurements.StorageAndRescanAsync();
        break;
    case "onboarding":
        if (!await RedisReachableAsync())
        {
            return 1;
        }

        if (args.Length > 3 && args[3] == "graphql")
        {
            await GraphQLCost.RunAsync(
                int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
                TimeSpan.FromMilliseconds(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)),
                args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 400);
            break;
        }

        await Onboarding.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20,
            TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50));
        break;
    case "discover":
        if (!await RedisReachableAsync())
        {
            return 1;
        }

        await DiscoverMeasurement.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50,
            TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0),
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 30);
        break;
    case "first-answer":
        if (!await RedisReachableAsync())
        {
            return 1;
        }

        await FirstAnswerMeasurement.RunAsync(
            args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
            TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 300));
        break;
    case "cycle":
        if (!await RedisReachableAsync())
        {
            return 1;
        }

        await CycleMeasurement.RunAsync();
        break;
    case "spikes" or "spike-series":
        {
            var data = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data"), Environment.CurrentDirectory);
            if (args[0] == "spike-series")
            {
                SpikeCalibration.Series(data);
            }
            else
            {
                SpikeCalibration.Run(data, args.Length > 2 ? args[2] : Path.Combine("tests", "Momentum.Engine.Tests", "data", "labelled-spikes.json") is var l && File.Exists(l) ? l : null);
            }

            break;
        }
    case "calibrate":
        {
            // Relative to the directory it is run from (dotnet run keeps the caller's), as a shell user expects.
            var data = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data"), Environment.CurrentDirectory);
            if (!File.Exists(Path.Combine(data, "domain_company.csv")) || !Directory.Exists(Path.Combine(data, "commits")))
            {
                Console.Error.WriteLine($"calibrate: {data} is not the data folder (it needs domain_company.csv and commits/*.csv). Pass its path: dotnet run -c Release --project tests/Momentum.Benchmarks -- calibrate /path/to/data");
                return 1;
            }

            Calibration.Run(data);
            break;
        }
    case "profile":
        {
            var events = Synthetic.Events(1_000_000, 3000, 1);
            var context = Synthetic.Context(3000);
            var typicalBuilder = new Momentum.Engine.ActivityLedgerBuilder(Momentum.Engine.Week.Of(Synthetic.AsOf).Plus(-104));
            foreach (var e in Synthetic.Events(14_000, 400, 2))
            {
                typicalBuilder.Add(e);
            }

            var typical = Synthetic.StoreShaped(typicalBuilder.Build());
            for (var i = 0; i < 2000; i++)
            {
                Momentum.Engine.MomentumCalculator.Compute(typical, context, Synthetic.AsOf);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 5000; i++)
            {
                Momentum.Engine.MomentumCalculator.Compute(typical, context, Synthetic.AsOf);
            }

            Console.WriteLine($"typical report: {clock.Elapsed.TotalMilliseconds / 5000:0.000} ms, {typical.Cells.Count} cells, {typical.Actors.Count} actors");
            clock.Restart();
            for (var i = 0; i < 5000; i++)
            {
                Momentum.Engine.ClassifiedHistory.Build(typical, context, Momentum.Engine.Week.Of(Synthetic.AsOf));
            }

            Console.WriteLine($"  of which classification: {clock.Elapsed.TotalMilliseconds / 5000:0.000} ms");
            for (var round = 0; round < 3; round++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var builder = new Momentum.Engine.ActivityLedgerBuilder(Momentum.Engine.Week.Of(Synthetic.AsOf).Plus(-104));
                foreach (var e in events)
                {
                    builder.Add(e);
                }

                var add = sw.Elapsed;
                var ledger = builder.Build();
                var build = sw.Elapsed - add;
                Momentum.Engine.MomentumCalculator.Compute(ledger, context, Synthetic.AsOf);
                Console.WriteLine($"add {add.TotalMilliseconds:0} ms, build {build.TotalMilliseconds:0} ms, compute {(sw.Elapsed - add - build).TotalMilliseconds:0} ms, cells {ledger.Cells.Count}");
            }

            break;
        }

    case "gitdm":
        if (!await RedisReachableAsync())
        {
            return 1;
        }

        await GitdmSet.MeasureAsync(Measurements.RedisConnection);
        break;
    case "gitdm-coverage":
        {
            var data = Path.GetFullPath(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "data"), Environment.CurrentDirectory);
            if (!Directory.Exists(Path.Combine(data, "commits")))
            {
                Console.Error.WriteLine($"gitdm-coverage: {data} is not the data folder (it needs commits/*.csv).");
                return 1;
            }

            GitdmCoverage.Run(
                data,
                args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0.6,
                args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 60);
            break;
        }

    case "gitdm-bench":
        BenchmarkRunner.Run<GitdmBenchmarks>(args: args[1..]);
        break;
    case "engine":
        BenchmarkRunner.Run<EngineBenchmarks>(args: args[1..]);
        break;
    case "spike-bench":
        BenchmarkRunner.Run<SpikeBenchmarks>(args: args[1..]);
        break;
    case "charts":
        BenchmarkRunner.Run<ChartBenchmarks>(args: args[1..]);
        break;
    case "chart-encoding":
        BenchmarkRunner.Run<ChartEncodingBenchmarks>(args: args[1..]);
        break;
    case "chart-files":
        ChartFiles.Write(args.Length > 1 ? args[1] : ".");
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
        break;
}

return 0;

// cycle and storage need a Redis: say so in one line instead of failing deep in a connection timeout.
static async Task<bool> RedisReachableAsync()
{
    try
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(Measurements.RedisConnection);
        options.ConnectTimeout = 2000;
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options);
        await redis.GetDatabase().PingAsync();
        return true;
    }
    catch (StackExchange.Redis.RedisConnectionException)
    {
        Console.Error.WriteLine($"cycle: needs Redis at {Measurements.RedisConnection} (set MOMENTUM_TEST_REDIS, or start one: redis-server --port 6379).");
        return false;
    }
}
