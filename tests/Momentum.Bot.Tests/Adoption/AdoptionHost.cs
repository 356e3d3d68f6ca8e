using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Adoption;

/// <summary>
/// The sample host with a catalog that names acme/rocket "rocket" and gives it one package or image per source (npm,
/// cargo, go, docker), a watchlist holding it in <see cref="Workspace"/>, and the adoption sources pointed at a
/// <see cref="FakeAdoption"/> that knows them all.
/// </summary>
public sealed class AdoptionHost : IAsyncDisposable
{
    public const string Workspace = "slack:T0001";

    private readonly string _catalog;
    private int _slot;

    private AdoptionHost(FakeAdoption fake, SampleHost host, string catalog)
    {
        Fake = fake;
        Host = host;
        _catalog = catalog;
    }

    public FakeAdoption Fake { get; }

    public SampleHost Host { get; }

    public static async Task<AdoptionHost> StartAsync(Dictionary<string, string?>? settings = null, bool adoption = true, Action<FakeAdoption>? fake = null)
    {
        var server = await FakeAdoption.StartAsync();
        server.Npm["@acme/rocket"] = 12_345;
        server.Crates["rocket-core"] = (4_321, 98_765);
        server.DepsDev["go:github.com/acme/rocket"] = ("v1.4.2", 210, 37);
        server.DepsDev["npm:@acme/rocket"] = ("2.0.1", 56, 50);
        server.DepsDev["cargo:rocket-core"] = ("1.0.0", 9, 9);
        server.DockerHub["acme/rocket"] = 5_000_000;
        fake?.Invoke(server);

        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("src", "Momentum.Bot", "Catalog", "catalog.json")))!;
        catalog["projects"]!.AsArray().Add(JsonNode.Parse("""
            { "name": "rocket", "repositories": ["acme/rocket"], "vendors": [], "packages": [
              { "system": "npm", "name": "@acme/rocket" }, { "system": "cargo", "name": "rocket-core" },
              { "system": "go", "name": "github.com/acme/rocket" }, { "system": "docker", "name": "acme/rocket" } ] }
            """));
        var path = Path.Combine(Path.GetTempPath(), $"momentum-catalog-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, catalog.ToJsonString());

        var all = new Dictionary<string, string?>
        {
            ["Momentum:CatalogPath"] = path,
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            // The test runs the scheduled scan itself (what the queue workers run), so request counts are exact.
            ["Scheduling:Enabled"] = "false",
        };
        foreach (var (key, value) in adoption ? server.Settings() : [])
        {
            all[key] = value;
        }

        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var host = await SampleHost.StartAsync(all);
        var dispatcher = host.App.Services.GetRequiredService<CommandDispatcher>();
        var context = Context;
        await dispatcher.RunAsync(CommandParser.Parse("watchlist create infra"), context);
        await dispatcher.RunAsync(CommandParser.Parse("watchlist add infra rocket"), context);
        return new AdoptionHost(server, host, path);
    }

    public static CommandContext Context => new(Platform.Slack, Workspace, "C1", "U1");

    /// <summary>The watchlist's scheduled scan, in a new slot each time (what the Quartz trigger queues).</summary>
    public async Task<ScanSummary> ScanAsync() =>
        await Host.App.Services.GetRequiredService<WatchlistScanner>().RunAsync(Workspace, "infra", $"slot-{++_slot}", CancellationToken.None);

    public Task<Reply> CardAsync() =>
        Host.App.Services.GetRequiredService<CommandDispatcher>().RunAsync(CommandParser.Parse("rocket"), Context);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fake.DisposeAsync();
        File.Delete(_catalog);
    }
}
