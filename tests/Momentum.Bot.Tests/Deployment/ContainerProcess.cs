using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Momentum.Bot.Tests.Deployment;

/// <summary>
/// The built host (<c>dotnet Momentum.Bot.dll</c>) as a container runs it: in its own mount namespace where the root
/// filesystem is read-only and only a data folder (the image's <c>/data</c> volume) and a temp folder (the
/// <c>/tmp</c> tmpfs) are writable. Needs root and <c>unshare</c> (util-linux), as the suite has here.
/// </summary>
public sealed partial class ContainerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ContainerProcess(Process process, DirectoryInfo root) => (_process, Root) = (process, root);

    /// <summary>Holds <c>data/</c> (writable), <c>tmp/</c> (writable) and <c>work/</c> (the read-only working folder).</summary>
    public DirectoryInfo Root { get; }

    public string DataDir => Path.Combine(Root.FullName, "data");

    public Uri Address { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet Momentum.Bot.dll</c> from <paramref name="appDirectory"/> (the test's build output unless given).</summary>
    public static async Task<ContainerProcess> StartReadOnlyAsync(Dictionary<string, string> environment, string? appDirectory = null)
    {
        var root = Directory.CreateTempSubdirectory("momentum-readonly-");
        foreach (var folder in new[] { "data", "tmp", "work" })
        {
            root.CreateSubdirectory(folder);
        }

        // Bind the writable folders onto themselves (a mount of their own), then make the root mount read-only: from
        // here on only data/ and tmp/ take writes, as with `docker run --read-only --tmpfs /tmp -v …:/data`.
        const string Script = """
            set -e
            mount --bind "$1/data" "$1/data"
            mount --bind "$1/tmp" "$1/tmp"
            mount -o remount,bind,ro /
            if touch "$1/work/probe" 2>/dev/null; then echo "root filesystem is writable" >&2; exit 97; fi
            echo "root filesystem is read-only"
            shift
            exec "$@"
            """;
        var start = new ProcessStartInfo("unshare")
        {
            WorkingDirectory = Path.Combine(root.FullName, "work"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--mount", "--propagation", "private", "sh", "-c", Script, "sh", root.FullName, "dotnet", Path.Combine(appDirectory ?? AppContext.BaseDirectory, "Momentum.Bot.dll") })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // As the image sets it: the embedded store on the data volume.
        start.Environment["Garnet__DataDir"] = Path.Combine(root.FullName, "data", "garnet");
        start.Environment["TMPDIR"] = Path.Combine(root.FullName, "tmp");
        start.Environment["Urls"] = "http://127.0.0.1:0";
        var host = new ContainerProcess(Process.Start(start)!, root);
        host._process.OutputDataReceived += host.Collect;
        host._process.ErrorDataReceived += host.Collect;
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        var exited = host._process.WaitForExitAsync();
        var first = await Task.WhenAny(host._listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(90));
        if (first == exited)
        {
            throw new InvalidOperationException($"The host exited ({host._process.ExitCode}) before listening:\n{host.Output}");
        }

        host.Address = await host._listening.Task;
        return host;
    }

    /// <summary>Stops the host as an orchestrator does (SIGTERM) and waits for it to exit.</summary>
    public async Task<int> StopAsync()
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Root.Delete(recursive: true);
    }

    private void Collect(object? sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(e.Data);
        }

        // Plain or JSON console logs alike carry the line "Now listening on: http://…".
        if (Listening().Match(e.Data) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s""\\]+)")]
    private static partial Regex Listening();
}
