using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Momentum.Bot.Teams;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// The platforms' own definitions of a valid message, run under node from tests/validators: Microsoft's
/// <c>adaptivecards</c> parser for Adaptive Cards, <c>@slack/types</c> through tsc for Block Kit. Payloads are written to
/// a temp folder and checked in one run; the answer is the validator's own lines, one per problem.
/// </summary>
public sealed class CardValidators : IDisposable
{
    private static readonly SemaphoreSlim Install = new(1, 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("momentum-cards-").FullName;
    private int _count;

    public static string Folder { get; } = RepositoryFiles.PathOf("tests", "validators");

    public void AddAdaptiveCard(string name, JsonNode card) => Write(name, "adaptive", card.ToJsonString(AdaptiveCardRenderer.Json));

    public void AddBlockKit(string name, JsonNode message) => Write(name, "blockkit", message.ToJsonString());

    /// <summary>Runs both validators over everything added: exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync()
    {
        await EnsureInstalledAsync();
        return await RunAsync("node", Folder, "validate.js", _folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string name, string kind, string json)
    {
        var clean = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        File.WriteAllText(Path.Combine(_folder, $"{Interlocked.Increment(ref _count):D3}-{clean}.{kind}.json"), json, new UTF8Encoding(false));
    }

    /// <summary>test.sh runs <c>npm ci</c>; a plain <c>dotnet test</c> with node present does it here, once (also for the deployment validators).</summary>
    public static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            var packages = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "package.json")))!["devDependencies"]!.AsObject().Select(p => p.Key);
            if (packages.All(name => Directory.Exists(Path.Combine([Folder, "node_modules", .. name.Split('/')]))))
            {
                return;
            }

            var (code, output) = await RunAsync("npm", Folder, "ci", "--no-audit", "--no-fund");
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci in {Folder} failed ({code}); ./test.sh installs node and the validators:\n{output}");
            }
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int, string)> RunAsync(string program, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{program}' is not installed: the card validators need node and npm (./test.sh installs them).", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
