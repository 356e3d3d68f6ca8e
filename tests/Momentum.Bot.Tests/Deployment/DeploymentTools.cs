using System.Diagnostics;
using System.Text.RegularExpressions;
using Momentum.Bot.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Momentum.Bot.Tests.Deployment;

/// <summary>
/// The tools that check what Momentum ships for deployment: <c>kubectl kustomize</c> (kustomize v5, in kubectl ≥ 1.27)
/// builds the overlays, and <c>tests/validators/deploy.mjs</c> lints the Dockerfile and the workflows and validates
/// rendered manifests against the Kubernetes schemas.
/// </summary>
public static partial class DeploymentTools
{
    public static string Repo(params string[] parts) => RepositoryFiles.PathOf(parts);

    public static readonly string[] Overlays = ["embedded", "redis"];

    /// <summary>The version the build stamps (<c>&lt;Version&gt;</c> in Directory.Build.props).</summary>
    public static string ReleaseVersion { get; } =
        VersionElement().Match(File.ReadAllText(Repo("Directory.Build.props"))) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException("Directory.Build.props has no <Version>.");

    /// <summary><c>kubectl kustomize</c> of an overlay: the YAML that <c>kubectl apply -k</c> would send.</summary>
    public static async Task<string> KustomizeAsync(string directory)
    {
        var (code, stdout, stderr) = await RunAsync("kubectl", Repo(), "kustomize", directory);
        Assert.True(code == 0, $"kubectl kustomize {directory} failed ({code}):\n{stderr}");
        Assert.True(stderr.Trim().Length == 0, $"kubectl kustomize {directory} warned:\n{stderr}");
        return stdout;
    }

    public static async Task<List<YamlMappingNode>> RenderAsync(string overlay)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(await KustomizeAsync(Repo("manifests", "k8s", "overlays", overlay))));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    /// <summary><c>node deploy.mjs MODE FILES…</c> in tests/validators: exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> ValidateAsync(string mode, params string[] files)
    {
        await CardValidators.EnsureInstalledAsync();
        var (code, stdout, stderr) = await RunAsync("node", CardValidators.Folder, ["deploy.mjs", mode, .. files]);
        return (code, stdout + stderr);
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string directory, params string[] args) =>
        RunAsync(program, directory, TimeSpan.FromMinutes(2), args);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string directory, TimeSpan timeout, params string[] args)
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
            throw new InvalidOperationException(
                program == "kubectl"
                    ? "kubectl is not installed: the manifest tests build the kustomize overlays with `kubectl kustomize` (kubectl ≥ 1.27, kustomize v5; Debian's kubernetes-client 1.20 is too old)."
                    : $"'{program}' is not installed (./test.sh installs node and npm).",
                ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(timeout);
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    // --- YAML access ---

    public static YamlNode? Get(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Text(YamlNode node, params string[] path) => (Get(node, path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(YamlNode node, params string[] path) =>
        Get(node, path) is YamlSequenceNode sequence ? sequence.Children : [];

    public static Dictionary<string, string> Map(YamlNode node, params string[] path) =>
        Get(node, path) is YamlMappingNode map
            ? map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (p.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
            : [];

    public static string Kind(YamlNode document) => Text(document, "kind")!;

    public static string Name(YamlNode document) => Text(document, "metadata", "name")!;

    public static YamlMappingNode Single(IEnumerable<YamlMappingNode> documents, string kind, string name) =>
        documents.Single(d => Kind(d) == kind && Name(d) == name);

    /// <summary>True when <paramref name="selector"/> (a label map) picks a pod carrying <paramref name="labels"/>.</summary>
    public static bool Selects(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
