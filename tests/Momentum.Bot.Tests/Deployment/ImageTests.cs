using System.Text.RegularExpressions;
using static Momentum.Bot.Tests.Deployment.DeploymentTools;

namespace Momentum.Bot.Tests.Deployment;

/// <summary>
/// The Dockerfile (Docker is not available where the suite runs, so it is linted and read, not built) and the build
/// context its .dockerignore leaves.
/// </summary>
public sealed partial class ImageTests
{
    private static readonly string Dockerfile = File.ReadAllText(Repo("Dockerfile"));

    /// <summary>The instructions (continuation lines joined, comments dropped), each with the stage it belongs to.</summary>
    private static List<(int Stage, string Instruction, string Arguments)> Instructions()
    {
        var joined = Regex.Replace(Dockerfile, @"\\\r?\n", " ");
        var result = new List<(int, string, string)>();
        var stage = -1;
        foreach (var line in joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var instruction = line[..space].ToUpperInvariant();
            stage += instruction == "FROM" ? 1 : 0;
            result.Add((stage, instruction, Regex.Replace(line[(space + 1)..], @"\s+", " ")));
        }

        return result;
    }

    private static List<(int Stage, string Instruction, string Arguments)> FinalStage()
    {
        var all = Instructions();
        return all.Where(i => i.Stage == all.Max(x => x.Stage)).ToList();
    }

    [Fact]
    public async Task TheDockerfilePassesTheLinterWithEveryRuleOn()
    {
        var (exitCode, output) = await ValidateAsync("dockerfile", Repo("Dockerfile"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("0 problems", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLinterReportsWhatIsWrongInADockerfile()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("momentum-docker-").FullName, "Dockerfile");
        await File.WriteAllTextAsync(file, "FROM debian:12\nMAINTAINER someone\nHEALTHCHECK CMD a\nHEALTHCHECK CMD b\nWORKDIR app\nENTRYPOINT ['x']\n");

        var (exitCode, output) = await ValidateAsync("dockerfile", file);

        Assert.Equal(1, exitCode);
        Assert.Contains("MAINTAINER has been deprecated", output, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", output, StringComparison.Ordinal);
        Assert.Contains(":5:", output, StringComparison.Ordinal);
        Assert.Contains(":6:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheImagePublishesForOneLinuxRuntimeChosenByABuildArgument()
    {
        var build = Instructions().Where(i => i.Stage == 0).ToList();
        Assert.Contains(build, i => i.Instruction == "ARG" && i.Arguments == "RUNTIME=linux-x64");
        var publish = build.Single(i => i.Instruction == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;
        Assert.Contains("-r \"$RUNTIME\"", publish, StringComparison.Ordinal);
        Assert.Contains("--self-contained false", publish, StringComparison.Ordinal);
        Assert.Contains(build, i => i.Instruction == "RUN" && i.Arguments.Contains("restore", StringComparison.Ordinal) && i.Arguments.Contains("-r \"$RUNTIME\"", StringComparison.Ordinal));
        // The SDK stage runs on the builder's platform, so an arm64 image cross-publishes instead of emulating.
        Assert.StartsWith("--platform=$BUILDPLATFORM ", build[0].Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRuntimeImageRunsAsANumericNonRootUserThatOwnsData()
    {
        var final = FinalStage();
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", final[0].Arguments, StringComparison.Ordinal);
        Assert.DoesNotContain(":latest", Dockerfile, StringComparison.Ordinal);
        var user = final.Last(i => i.Instruction == "USER").Arguments;
        Assert.Matches("^[1-9][0-9]*(:[1-9][0-9]*)?$", user);
        var uid = user.Split(':')[0];
        Assert.Contains(final, i => i.Instruction == "COPY" && i.Arguments == $"--from=build --chown={uid}:{uid} /data /data");
        Assert.Contains(final, i => i.Instruction == "VOLUME" && i.Arguments == "/data");
        Assert.Contains(final, i => i.Instruction == "ENV" && i.Arguments.Contains("Garnet__DataDir=/data/", StringComparison.Ordinal));
        Assert.Equal("[\"dotnet\", \"Momentum.Bot.dll\"]", final.Single(i => i.Instruction == "ENTRYPOINT").Arguments);
    }

    [Fact]
    public void TheImageCarriesItsSourceVersionAndLicenceAndChecksItsOwnHealth()
    {
        var final = FinalStage();
        var labels = string.Join(' ', final.Where(i => i.Instruction == "LABEL").Select(i => i.Arguments));
        Assert.Contains("org.opencontainers.image.source=\"${SOURCE}\"", labels, StringComparison.Ordinal);
        Assert.Contains("org.opencontainers.image.version=\"${VERSION}\"", labels, StringComparison.Ordinal);
        Assert.Contains("org.opencontainers.image.licenses=\"Apache-2.0\"", labels, StringComparison.Ordinal);
        Assert.Contains(final, i => i.Instruction == "ARG" && i.Arguments == $"VERSION={ReleaseVersion}");
        Assert.StartsWith("                                 Apache License", File.ReadAllLines(Repo("LICENSE"))[1], StringComparison.Ordinal);

        // Exec form, no shell and no curl: the app asks its own /healthz (HealthCheckCommandTests runs it).
        var check = final.Single(i => i.Instruction == "HEALTHCHECK").Arguments;
        Assert.EndsWith($"CMD [\"dotnet\", \"Momentum.Bot.dll\", \"{Momentum.Bot.Hosting.HealthCheckCommand.Argument}\"]", check, StringComparison.Ordinal);
        Assert.DoesNotContain("curl", check, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBuildContextHoldsWhatTheDockerfileCopiesAndLittleElse()
    {
        var context = DockerContext.Files(Repo(), File.ReadAllLines(Repo(".dockerignore")));

        foreach (var copy in Instructions().Where(i => i.Stage == 0 && i.Instruction == "COPY").Select(i => i.Arguments.Split(' ')))
        {
            foreach (var source in copy[..^1])
            {
                Assert.True(context.Any(f => f == source.TrimEnd('/') || f.StartsWith(source.TrimEnd('/') + "/", StringComparison.Ordinal)), $"COPY {source}: not in the build context");
            }
        }

        Assert.Contains("src/Momentum.Bot/Program.cs", context);
        Assert.DoesNotContain(context, f => f.StartsWith("tests/", StringComparison.Ordinal) || f.StartsWith(".git/", StringComparison.Ordinal) || f.Contains("/bin/", StringComparison.Ordinal) || f.Contains("/obj/", StringComparison.Ordinal) || f.Contains("/.momentum/", StringComparison.Ordinal));
        var bytes = context.Sum(f => new FileInfo(Path.Combine(Repo(), f)).Length);
        Assert.True(bytes < 3_000_000, $"the build context is {bytes:N0} bytes");
    }

    [Fact]
    public void TheContextMatcherFollowsDockerignoreRules()
    {
        string[] rules = ["*", "!src/", "**/bin/", "!keep.md", "docs/*.tmp"];
        Assert.True(DockerContext.Included("src/a/b.cs", rules));
        Assert.False(DockerContext.Included("src/a/bin/x.dll", rules));
        Assert.False(DockerContext.Included("tests/x.cs", rules));
        Assert.True(DockerContext.Included("keep.md", rules));
        Assert.False(DockerContext.Included("README.md", rules));
    }
}

/// <summary>
/// Which files a <c>docker build</c> sends, by .dockerignore's rules: each pattern (Go filepath.Match, plus
/// <c>**</c>) excludes a path when it matches the path or one of its parent folders, <c>!</c> includes again, the
/// last matching rule wins.
/// </summary>
public static class DockerContext
{
    public static List<string> Files(string root, IEnumerable<string> lines)
    {
        var rules = lines.ToArray();
        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => Included(f, rules))
            .ToList();
    }

    public static bool Included(string path, IEnumerable<string> lines)
    {
        var included = true;
        var segments = path.Split('/');
        var candidates = Enumerable.Range(1, segments.Length).Select(n => string.Join('/', segments[..n])).ToList();
        foreach (var raw in lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var negated = raw.StartsWith('!');
            var pattern = (negated ? raw[1..] : raw).Trim('/');
            var regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$");
            if (candidates.Any(regex.IsMatch))
            {
                included = negated;
            }
        }

        return included;
    }
}
