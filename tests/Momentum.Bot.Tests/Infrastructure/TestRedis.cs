using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// The real stores tests run against: the Redis server the test script starts (MOMENTUM_TEST_REDIS, default
/// 127.0.0.1:6379), the 3-master Redis Cluster it starts (MOMENTUM_TEST_REDIS_CLUSTER, default 127.0.0.1:7000-7002) and
/// one embedded Garnet server for the whole run. Every test takes its own key prefix.
/// </summary>
public static class TestRedis
{
    private static readonly Lazy<ConnectionMultiplexer> Redis = new(() =>
    {
        try
        {
            return ConnectionMultiplexer.Connect(ConnectionString);
        }
        catch (RedisConnectionException ex)
        {
            throw new InvalidOperationException($"No Redis at {ConnectionString}: run ./test.sh (it starts redis-server) or set MOMENTUM_TEST_REDIS.", ex);
        }
    });

    private static readonly Lazy<ConnectionMultiplexer> Cluster = new(() =>
    {
        try
        {
            var connection = ConnectionMultiplexer.Connect(ClusterConnectionString);
            if (!connection.GetServers().Any(s => s.ServerType == ServerType.Cluster))
            {
                throw new InvalidOperationException($"{ClusterConnectionString} is not a Redis Cluster: run ./test.sh (it starts one) or set MOMENTUM_TEST_REDIS_CLUSTER.");
            }

            return connection;
        }
        catch (RedisConnectionException ex)
        {
            throw new InvalidOperationException($"No Redis Cluster at {ClusterConnectionString}: run ./test.sh (it starts one) or set MOMENTUM_TEST_REDIS_CLUSTER.", ex);
        }
    });

    private static readonly Lazy<(EmbeddedGarnet Server, ConnectionMultiplexer Connection)> Garnet = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "momentum-tests-garnet-" + Guid.NewGuid().ToString("N"));
        var server = new EmbeddedGarnet(dir, 0);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.Dispose();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        };
        return (server, ConnectionMultiplexer.Connect(server.ConnectionString));
    });

    public static string ConnectionString => Environment.GetEnvironmentVariable("MOMENTUM_TEST_REDIS") is { Length: > 0 } cs ? cs : "127.0.0.1:6379";

    public static string ClusterConnectionString => Environment.GetEnvironmentVariable("MOMENTUM_TEST_REDIS_CLUSTER") is { Length: > 0 } cs ? cs : "127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002";

    public static IConnectionMultiplexer Connection => Redis.Value;

    public static string GarnetConnectionString => Garnet.Value.Server.ConnectionString;

    public static IConnectionMultiplexer For(string store) => store switch
    {
        "redis" => Redis.Value,
        "garnet" => Garnet.Value.Connection,
        "cluster" => Cluster.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, "redis, garnet or cluster"),
    };

    public static string NewPrefix() => $"mt:{Guid.NewGuid():N}:";
}

/// <summary>Waits, on the real clock, for what a dead replica holds to lapse.</summary>
public static class Leases
{
    /// <summary>Until no lease under the prefix is held any more (their TTLs run out in Redis).</summary>
    public static async Task GoneAsync(string prefix, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var server = TestRedis.Connection.GetServers()[0];
        while (true)
        {
            var held = 0;
            await foreach (var _ in server.KeysAsync(pattern: prefix + "*lease*"))
            {
                held++;
            }

            if (held == 0)
            {
                return;
            }

            Assert.True(clock.Elapsed < limit, $"{held} leases under {prefix} still held after {limit.TotalSeconds:0}s");
            await Task.Yield();
        }
    }
}
