using System.Net;
using System.Net.Http.Json;
using SkiaSharp;
using static Momentum.Bot.Tests.Deployment.DeploymentTools;

namespace Momentum.Bot.Tests.Deployment;

/// <summary>
/// The app as the Dockerfile publishes it (linux-x64, framework-dependent) leaves out the native files it never loads
/// (LeaveOutUnusedNatives in Momentum.Bot.csproj), stays within the image budget, and still runs: the embedded Garnet
/// store answers and charts render, on a read-only root as in the image.
/// </summary>
public sealed class PublishedAppTests
{
    public const long AppFilesBudget = 45_000_000;

    private static readonly string[] LeftOut = ["libdiskann_garnet.so", "libnative_device.so", "libnative_device_libaio.so", "libHarfBuzzSharp.so"];

    [Fact]
    public async Task ThePublishedAppLeavesOutNativesItNeverLoadsAndStillServesItsStoreAndCharts()
    {
        var work = Directory.CreateTempSubdirectory("momentum-publish-");
        try
        {
            var app = Path.Combine(work.FullName, "app");
            // The Dockerfile's flags; its own obj/bin (artifacts path) so the suite's build output is left alone.
            var (code, stdout, stderr) = await RunAsync("dotnet", Repo(), TimeSpan.FromMinutes(9),
                "publish", Repo("src", "Momentum.Bot", "Momentum.Bot.csproj"), "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
                "--artifacts-path", Path.Combine(work.FullName, "artifacts"), "-o", app);
            Assert.True(code == 0, $"dotnet publish failed ({code}):\n{stdout}\n{stderr}");

            foreach (var name in LeftOut)
            {
                Assert.False(File.Exists(Path.Combine(app, name)), $"{name} is published");
            }

            Assert.True(File.Exists(Path.Combine(app, "libSkiaSharp.so")), "the charts' native renderer is missing");
            var files = new DirectoryInfo(app).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
            var bytes = files.Sum(f => f.Length);
            Assert.True(bytes <= AppFilesBudget, $"app files: {bytes:N0} bytes in {files.Count} files (budget {AppFilesBudget:N0}); largest: "
                + string.Join(", ", files.OrderByDescending(f => f.Length).Take(5).Select(f => $"{f.Name} {f.Length:N0}")));

            // Demo data, so charts have reports to draw without GitHub.
            await using var host = await ContainerProcess.StartReadOnlyAsync(new() { ["Momentum__Demo"] = "true" }, app);
            using var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(3) };
            var ready = await client.GetAsync("/readyz");
            Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
            var created = await client.PostAsJsonAsync("/playground/run", new { text = "watchlist create infra" });
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            var shown = await (await client.PostAsJsonAsync("/playground/run", new { text = "watchlists" })).Content.ReadAsStringAsync();
            Assert.Contains("infra", shown, StringComparison.Ordinal);

            var chart = await client.GetAsync("/api/v1/projects/demo/rocket/chart.png?kind=summary&with=demo/comet");
            Assert.True(chart.StatusCode == HttpStatusCode.OK, await chart.Content.ReadAsStringAsync());
            using var bitmap = SKBitmap.Decode(await chart.Content.ReadAsByteArrayAsync());
            Assert.NotNull(bitmap);
            Assert.Equal((1600, 600), (bitmap.Width, bitmap.Height));

            Assert.Equal(0, await host.StopAsync());
            foreach (var sign in new[] { "DllNotFoundException", "Unable to load shared library", "fail:", "crit:", "Unhandled exception" })
            {
                Assert.DoesNotContain(sign, host.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
