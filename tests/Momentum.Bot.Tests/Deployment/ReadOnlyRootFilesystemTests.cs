using System.Net;
using System.Net.Http.Json;
using Momentum.Bot.Hosting;
using static Momentum.Bot.Tests.Deployment.DeploymentTools;

namespace Momentum.Bot.Tests.Deployment;

/// <summary>
/// The image's promise, kept by the real process: on a read-only root filesystem, with the embedded store on the
/// data volume and a temp folder, the host starts, answers its probes, stores what commands write, passes its own
/// HEALTHCHECK and stops cleanly.
/// </summary>
public sealed class ReadOnlyRootFilesystemTests
{
    [Fact]
    public async Task TheHostServesFromAReadOnlyRootWithItsEmbeddedStoreOnTheDataVolume()
    {
        await using var host = await ContainerProcess.StartReadOnlyAsync([]);
        Assert.Contains("root filesystem is read-only", host.Output, StringComparison.Ordinal);
        using var client = new HttpClient { BaseAddress = host.Address };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        var created = await client.PostAsJsonAsync("/playground/run", new { text = "watchlist create infra" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var shown = await (await client.PostAsJsonAsync("/playground/run", new { text = "watchlists" })).Content.ReadAsStringAsync();
        Assert.Contains("infra", shown, StringComparison.Ordinal);

        // The image's HEALTHCHECK, from outside the host's namespace, as the container runtime runs it.
        var (code, _, stderr) = await RunAsync("dotnet", host.Root.FullName, Path.Combine(AppContext.BaseDirectory, "Momentum.Bot.dll"), HealthCheckCommand.Argument, "--urls", $"http://0.0.0.0:{host.Address.Port}");
        Assert.True(code == 0, stderr);

        Assert.Equal(0, await host.StopAsync());
        var output = host.Output;
        foreach (var sign in new[] { "Read-only file system", "UnauthorizedAccessException", "IOException", "fail:", "crit:", "Unhandled exception" })
        {
            Assert.DoesNotContain(sign, output, StringComparison.Ordinal);
        }

        var stored = new DirectoryInfo(Path.Combine(host.DataDir, "garnet")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.True(stored > 0, "nothing was written to the data volume");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(host.Root.FullName, "work")));
    }
}
