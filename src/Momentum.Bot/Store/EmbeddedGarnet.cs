using System.Net;
using System.Net.Sockets;
using Garnet;

namespace Momentum.Bot.Store;

/// <summary>
/// The zero-set-up store: a Garnet server in this process on 127.0.0.1, persisted (append-only file with
/// recovery) under a data folder. Used when no <c>ConnectionStrings__Redis</c> is set.
/// </summary>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;

    public EmbeddedGarnet(string dataDir, int port)
    {
        var directory = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(directory);
        Port = port == 0 ? FreePort() : port;
        DataDir = directory;
        _server = new GarnetServer(
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--lua", "true",
            "--aof", "--aof-commit-freq", "0", "--recover",
            "--checkpointdir", directory,
            // RandomAccess avoids native libaio, which a fresh Debian machine does not have.
            "--device-type", "RandomAccess",
        ], null, false, null);
        _server.Start();
    }

    public int Port { get; }

    public string DataDir { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public void Dispose() => _server.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
