using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> of one test, on a free port, without persistence, so a test can hang it
/// (<see cref="Pause"/>, SIGSTOP), kill it and start it again on the same port — an empty store, as after a restart
/// without persistence.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private Process? _process;
    private readonly DirectoryInfo? _data;

    private readonly DirectoryInfo? _cluster;

    private RedisProcess(int port, bool persistent, bool cluster)
    {
        Port = port;
        _data = persistent ? Directory.CreateTempSubdirectory("momentum-redis-") : null;
        _cluster = cluster ? Directory.CreateTempSubdirectory("momentum-redis-cluster-") : null;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <param name="persistent">Keep the data across a kill and restart (an append-only file, fsync on every write),
    /// as a production Redis with persistence does; otherwise every restart comes back empty.</param>
    /// <param name="clusterNode">Start it as a Redis Cluster node (of a cluster of its own, serving no slot until told).</param>
    public static async Task<RedisProcess> StartAsync(bool persistent = false, bool clusterNode = false)
    {
        var redis = new RedisProcess(FreePort(), persistent, clusterNode);
        await redis.RestartAsync();
        return redis;
    }

    /// <summary>Starts the server (again, empty) on its port and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        Kill();
        string[] persistence = _data is { } data
            ? ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", data.FullName]
            : ["--save", "", "--appendonly", "no"];
        string[] cluster = _cluster is { } folder
            ? ["--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(folder.FullName, "nodes.conf")]
            : [];
        _process = Process.Start(new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", .. persistence, .. cluster])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _process.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>SIGSTOP: the server keeps its connections open and answers nothing, as a hung Redis does.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT: the paused server answers again.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>SIGKILL, as <c>kill -9</c>.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            Signal("CONT");
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>A connection of the test's own, to look at or change what the server holds.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync() => await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",allowAdmin=true");

    public ValueTask DisposeAsync()
    {
        Kill();
        _data?.Delete(recursive: true);
        _cluster?.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private void Signal(string signal)
    {
        if (_process is { HasExited: false } process)
        {
            using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
