using System.Text.RegularExpressions;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Architecture;

/// <summary>
/// The folders of src/Momentum.Bot depend on each other only the way docs/architecture.md draws them: adapters →
/// commands → reports → engine, with the store and GitHub beneath, and no loops.
/// </summary>
public sealed partial class DependencyTests
{
    /// <summary>Each folder and the folders it may use. Anything not listed is a dependency nobody decided on.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Hosting"] = [],
        ["Catalog"] = ["Hosting"],
        ["Chat"] = ["Hosting"],
        ["Store"] = ["Hosting", "Catalog", "Chat"],
        ["GitHub"] = ["Hosting", "Catalog", "Store"],
        ["Affiliations"] = ["Hosting", "Catalog", "Store"],
        ["Reports"] = ["Hosting", "Catalog", "Store", "GitHub", "Affiliations"],
        ["Adoption"] = ["Hosting", "Catalog", "Store"],
        ["Charts"] = ["Hosting", "Chat", "Store", "Reports"],
        ["Cards"] = ["Hosting", "Catalog", "Chat", "Store", "Reports", "Charts", "Adoption"],
        ["Commands"] = ["Hosting", "Catalog", "Chat", "Store", "GitHub", "Reports", "Cards", "Adoption"],
        ["Scheduling"] = ["Hosting", "Catalog", "Chat", "Store", "GitHub", "Reports", "Cards", "Adoption"],
        ["Slack"] = ["Hosting", "Chat", "Store", "Commands", "Charts"],
        ["Teams"] = ["Hosting", "Chat", "Store", "Commands", "Charts"],
        ["Playground"] = ["Hosting", "Chat", "Store", "Reports", "Commands", "Slack"],
        ["Api"] = ["Hosting", "Catalog", "Chat", "Store", "GitHub", "Reports", "Scheduling", "Charts", "Adoption"],
        ["Demo"] = ["Hosting", "Catalog", "GitHub", "Store"],
    };

    private static readonly string Source = RepositoryFiles.PathOf("src", "Momentum.Bot");

    private static IEnumerable<string> Folders() =>
        Directory.GetDirectories(Source).Select(Path.GetFileName).OfType<string>().Where(d => d is not ("bin" or "obj" or "Properties"));

    /// <summary>Folder → the other folders its code names (using directives, qualified names, namespace-relative names).</summary>
    private static Dictionary<string, HashSet<string>> Uses()
    {
        var folders = Folders().ToList();
        var uses = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Source, folder), "*.cs", SearchOption.AllDirectories))
            {
                var code = File.ReadAllText(file);
                foreach (var other in folders.Where(o => o != folder))
                {
                    if (Regex.IsMatch(code, $@"\bMomentum\.Bot\.{other}\b") || Regex.IsMatch(code, $@"(?<![\w.]){other}\.[A-Z]\w*"))
                    {
                        uses[folder].Add(other);
                    }
                }
            }
        }

        return uses;
    }

    [Fact]
    public void EveryFolderIsInTheMap()
    {
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), Folders().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FoldersUseOnlyWhatTheMapAllows()
    {
        var unexpected = Uses().SelectMany(u => u.Value.Except(Allowed.GetValueOrDefault(u.Key, [])).Select(other => $"{u.Key} → {other}")).ToList();
        Assert.True(unexpected.Count == 0, "Dependencies the map does not allow: " + string.Join(", ", unexpected));
    }

    [Fact]
    public void TheMapHasNoLoops()
    {
        // Depth-first search for a back edge over the allowed dependencies (and so over the real ones).
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        string? Loop(string folder, List<string> path)
        {
            state[folder] = 1;
            path.Add(folder);
            foreach (var next in Allowed[folder])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return string.Join(" → ", path.SkipWhile(f => f != next).Append(next));
                }

                if (state.GetValueOrDefault(next) == 0 && Loop(next, path) is { } found)
                {
                    return found;
                }
            }

            state[folder] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }

        foreach (var folder in Allowed.Keys)
        {
            if (state.GetValueOrDefault(folder) == 0)
            {
                Assert.Null(Loop(folder, []));
            }
        }
    }

    [Fact]
    public void TheEngineUsesNothingButTheBaseLibrary()
    {
        var project = File.ReadAllText(RepositoryFiles.PathOf("src", "Momentum.Engine", "Momentum.Engine.csproj"));
        Assert.DoesNotContain("PackageReference", project, StringComparison.Ordinal);
        Assert.DoesNotContain("ProjectReference", project, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf("src", "Momentum.Engine"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var code = File.ReadAllText(file);
            Assert.False(Regex.IsMatch(code, @"using System\.(Net|IO|Text\.Json)\b|DateTime(Offset)?\.(UtcNow|Now)|TimeProvider"), $"{Path.GetFileName(file)} reaches for I/O, JSON or a clock");
        }
    }
}
