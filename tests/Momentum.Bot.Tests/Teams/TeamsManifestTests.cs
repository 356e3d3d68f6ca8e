using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Momentum.Bot.Commands;

namespace Momentum.Bot.Tests.Teams;

/// <summary>The Teams app package: manifest (against Microsoft's published schema), icons, and the script that zips them.</summary>
public sealed class TeamsManifestTests
{
    private const string AppId = "6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b";

    private static readonly string Root = FindRoot();

    private static string Manifests => Path.Combine(Root, "manifests", "teams");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Bot.sln not found above the test output folder.");
    }

    /// <summary>The manifest as the package script fills it in.</summary>
    private static JsonObject Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(Manifests, "manifest.json"))
        .Replace("{{MOMENTUM_TEAMS_APP_ID}}", AppId, StringComparison.Ordinal)
        .Replace("{{MOMENTUM_TEAMS_DEVELOPER_URL}}", "https://example.com/momentum", StringComparison.Ordinal))!.AsObject();

    /// <summary>
    /// Microsoft's schema for this manifest version. It declares draft-04 but uses draft-06/07 keywords (<c>const</c>,
    /// <c>if</c>/<c>then</c>) and no draft-04-only ones (boolean <c>exclusiveMaximum</c>), so it is evaluated as draft-07.
    /// </summary>
    private static JsonSchema Schema(string version) => Schemas.GetOrAdd(version, Load);

    // Built once: JsonSchema.Net keeps schemas in a process-wide registry by their $id.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    private static JsonSchema Load(string version)
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Teams", "Schemas", $"MicrosoftTeams.v{version}.schema.json")))!.AsObject();
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        return JsonSchema.FromText(schema.ToJsonString());
    }

    private static EvaluationResults Evaluate(JsonObject manifest) =>
        Schema(manifest["manifestVersion"]!.GetValue<string>()).Evaluate(JsonDocument.Parse(manifest.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Errors(EvaluationResults results) => string.Join('\n', (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}")));

    [Fact]
    public void TheManifestIsValidAgainstMicrosoftsSchema()
    {
        var manifest = Manifest();

        var results = Evaluate(manifest);

        Assert.True(results.IsValid, Errors(results));
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{manifest["manifestVersion"]}/MicrosoftTeams.schema.json", manifest["$schema"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("scopes")]
    [InlineData("botId")]
    [InlineData("short")]
    public void TheSchemaCheckCatchesABrokenManifest(string fault)
    {
        var manifest = Manifest();
        switch (fault)
        {
            case "scopes":
                manifest["bots"]![0]!["scopes"]!.AsArray().Add("everywhere");
                break;
            case "botId":
                manifest["bots"]![0]!["botId"] = "not-a-guid";
                break;
            default:
                manifest["name"]!["short"] = new string('m', 31);
                break;
        }

        Assert.False(Evaluate(manifest).IsValid);
    }

    [Fact]
    public void TheBotWorksInEveryScopeAndListsAsManyCommandsOfTheGrammarAsTeamsShows()
    {
        var bot = Manifest()["bots"]!.AsArray().Single()!;
        var scopes = new[] { "personal", "team", "groupChat" };

        Assert.Equal(AppId, bot["botId"]!.GetValue<string>());
        Assert.Equal(scopes, bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var list = bot["commandLists"]!.AsArray().Single()!;
        Assert.Equal(scopes, list["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        var titles = list["commands"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()).ToList();
        // Teams shows at most 12 commands a list (the schema's maxItems): the list is full, each one is in the grammar,
        // and help (which names every command) is among them.
        Assert.Equal(Math.Min(12, CommandParser.Usage.Count), titles.Count);
        Assert.All(titles, t => Assert.Contains(t, CommandParser.Usage.Keys));
        Assert.Contains("help", titles);
        Assert.Equal(titles.Count, titles.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void TheIconsAreTheSizesTeamsRequires(string file, int size)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Manifests, file));

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(size, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(size, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Equal(6, bytes[25]); // RGBA: the outline icon needs its transparency
    }

    [Fact]
    public async Task ThePackageScriptZipsTheFilledInManifestAndTheIcons()
    {
        var output = Path.Combine(Path.GetTempPath(), $"momentum-teams-{Guid.NewGuid():N}.zip");
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, "scripts", "teams-package.sh"), output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        start.Environment["MOMENTUM_TEAMS_APP_ID"] = AppId;
        start.Environment["MOMENTUM_TEAMS_APP_VERSION"] = "1.2.3";
        try
        {
            using (var process = Process.Start(start)!)
            {
                var error = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, error);
            }

            using var package = ZipFile.OpenRead(output);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], package.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            using var reader = new StreamReader(package.GetEntry("manifest.json")!.Open());
            var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            Assert.Equal(AppId, manifest["id"]!.GetValue<string>());
            Assert.Equal("1.2.3", manifest["version"]!.GetValue<string>());
            Assert.DoesNotContain("{{", manifest.ToJsonString(), StringComparison.Ordinal);
            Assert.True(Evaluate(manifest).IsValid);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
