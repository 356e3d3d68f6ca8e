using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// The real host, in memory, on a real Redis (or Garnet) with its own key prefix, a fake clock, and GitHub pointed at
/// a local GitHub-shaped server.
/// </summary>
public sealed class MomentumApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 18, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;

    /// <param name="start">The clock's first instant (default <see cref="Now"/>; earlier to let a test live through a week).</param>
    public MomentumApp(FakeGitHub github, Dictionary<string, string?>? settings = null, string? redis = null, string? prefix = null, DateTimeOffset? start = null)
    {
        GitHub = github;
        Clock = new(start ?? Now);
        Prefix = prefix ?? TestRedis.NewPrefix();
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis ?? TestRedis.ConnectionString,
            ["Redis:KeyPrefix"] = Prefix,
            ["GitHub:BaseUrl"] = github.BaseUrl.ToString(),
            ["GitHub:Token"] = "test-token",
            // No gitdm fetch unless a test asks for one (the fake GitHub would answer it, and request counts would move).
            ["Affiliations:GitdmRepository"] = "",
            // Retries happen at once: the tests drive faults, not clocks.
            ["GitHub:RetryBaseDelay"] = "00:00:00",
            // Work a test left waiting on its fake clock does not hold the host's shutdown for long.
            ["Shutdown:DrainTimeout"] = "00:00:01",
            // No adoption requests leave the machine unless a test points the sources at FakeAdoption.
            ["Adoption:Enabled"] = "false",
            // A first ask waits for the whole history (the product's default too, for now), so a test's figures and
            // request counts are settled when it answers; FirstAnswerTests turns the progressive first answer on.
            ["GitHub:FirstAnswerWeeks"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public FakeGitHub GitHub { get; }

    public string Prefix { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>What the host measured on its own meter since it was built (before anything started).</summary>
    public HostMetrics Metrics { get; private set; } = null!;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var host = builder.Build();
        Metrics = new HostMetrics(host.Services);
        host.Start();
        return host;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Metrics?.Dispose();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}
