using System.Diagnostics;
using System.Text;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Hosting;

/// <summary>The host run as a process from a folder without appsettings.json: its logs carry no OAuth code, state or response_url.</summary>
public sealed class SafeLoggingTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;
    private FakeSlack _slack = null!;

    public async Task InitializeAsync()
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        _github = await FakeGitHub.StartAsync(data);
        _slack = await FakeSlack.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task WithoutAppSettingsNoOAuthCodeStateOrResponseUrlIsLogged()
    {
        var responseUrl = _slack.ResponseUrl("secret-response-path");
        string output;
        await using (var host = await RunningHost.StartAsync(new()
        {
            ["ConnectionStrings__Redis"] = TestRedis.ConnectionString,
            ["Redis__KeyPrefix"] = TestRedis.NewPrefix(),
            ["GitHub__BaseUrl"] = _github.BaseUrl.ToString(),
            ["GitHub__Token"] = "test-token",
            ["Affiliations__GitdmRepository"] = "",
            ["Slack__SigningSecret"] = SlackRequests.Secret,
            ["Slack__BotToken"] = "xoxb-test-token",
            ["Slack__ClientId"] = "1.2",
            ["Slack__ClientSecret"] = "client-secret",
            ["Slack__ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["Scheduling__Enabled"] = "false",
        }))
        {
            using var client = new HttpClient { BaseAddress = host.Address };
            await client.GetAsync(new Uri("/slack/oauth/callback?code=secret-oauth-code&state=secret-oauth-state", UriKind.Relative));
            // A command that needs a scan is answered later, through its response_url.
            var command = SlackRequests.SlashCommand("acme/rocket", responseUrl);
            await client.SendAsync(SlackRequests.Sign("/slack/commands", command, "application/x-www-form-urlencoded", DateTimeOffset.UtcNow));
            await _slack.WaitForPathAsync(responseUrl.AbsolutePath);
            output = await host.StopAsync();
        }

        Assert.Contains("Now listening on", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-oauth-code", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-oauth-state", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-response-path", output, StringComparison.Ordinal);
    }
}

/// <summary>The built host as a running process from an empty folder, on a port it picks; its output is collected.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly DirectoryInfo _folder;

    private RunningHost(Process process, DirectoryInfo folder) => (_process, _folder) = (process, folder);

    public Uri Address { get; private set; } = null!;

    public static async Task<RunningHost> StartAsync(Dictionary<string, string> environment)
    {
        var folder = Directory.CreateTempSubdirectory("momentum-host-");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Momentum.Bot.dll")])
        {
            WorkingDirectory = folder.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Urls"] = "http://127.0.0.1:0";
        var host = new RunningHost(Process.Start(start)!, folder);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (host._output)
            {
                host._output.AppendLine(e.Data);
            }

            if (e.Data.Contains("Now listening on: ", StringComparison.Ordinal))
            {
                // Plain text or a JSON line: the address is the run of URL characters after "http".
                var address = System.Text.RegularExpressions.Regex.Match(e.Data, @"https?://[A-Za-z0-9.:\[\]]+").Value;
                listening.TrySetResult(new Uri(address + "/"));
            }
        }

        host._process.OutputDataReceived += Collect;
        host._process.ErrorDataReceived += Collect;
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        host.Address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return host;
    }

    /// <summary>SIGKILL: the host dies at once, as a node lost or an OOM kill leaves it, holding whatever it held.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Stops the host as an orchestrator does (SIGTERM) and answers everything it wrote.</summary>
    public async Task<string> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Delete(recursive: true);
    }
}
