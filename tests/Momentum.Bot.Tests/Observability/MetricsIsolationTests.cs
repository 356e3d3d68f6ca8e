using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;

namespace Momentum.Bot.Tests.Observability;

/// <summary>
/// Two hosts in one process (as tests and side-by-side benchmarks run them): each one's <c>/metrics</c> shows only its
/// own instruments. When both exported every meter named "Momentum", one host's scrape counted the other's commands and
/// showed whichever host's gauge was observed last (which made the outbox gauge of a scripted run read 0 under load).
/// </summary>
public sealed class MetricsIsolationTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    [Fact]
    public async Task AHostsScrapeHasNoneOfAnotherHostsCommands()
    {
        var quiet = _hosts.Host();
        var busy = _hosts.Host();
        for (var i = 0; i < 3; i++)
        {
            await busy.RunAsync("help");
        }

        using var client = quiet.CreateClient();
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.DoesNotContain(text.Split('\n'), line => line.StartsWith("momentum_commands_total{", StringComparison.Ordinal) && line.Contains("command=\"help\"", StringComparison.Ordinal));
    }
}
