using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// The real host in demo mode, served by real Kestrel on 127.0.0.1 so a browser can reach it, on a real Redis with its
/// own key prefix. It keeps the real clock: the demo history is generated relative to now.
/// </summary>
public sealed class KestrelDemoApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public KestrelDemoApp(Dictionary<string, string?>? settings = null)
    {
        Prefix = TestRedis.NewPrefix();
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = TestRedis.ConnectionString,
            ["Redis:KeyPrefix"] = Prefix,
            ["Momentum:Demo"] = "true",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        // Port 0: Kestrel takes a free port itself, so there is no window in which another process can grab it.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string Prefix { get; }

    /// <summary>Starts the host and answers where it listens (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
