using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Momentum.Bot.Hosting;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Hosting;

/// <summary>Every setting checked at start: one line naming the setting, the value's problem and the accepted form.</summary>
public sealed class SettingsCheckTests
{
    private static string? Problem(string key, string value) =>
        SettingsCheck.Problem(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build(), Program.Settings.Sections);

    [Theory]
    [InlineData("Scheduling:ScanInterval", "00:00:00", "Invalid setting Scheduling__ScanInterval=00:00:00: must be a positive duration like 06:00:00")]
    [InlineData("Scheduling:DeliveryInterval", "-00:00:01", "Invalid setting Scheduling__DeliveryInterval=-00:00:01: must be a positive duration like 00:00:30")]
    [InlineData("Scheduling:ResyncInterval", "soon", "Invalid setting Scheduling__ResyncInterval=soon: must be a positive duration like 00:01:00")]
    [InlineData("Scheduling:LeaseTtl", "00:00:00", "Invalid setting Scheduling__LeaseTtl=00:00:00: must be a positive duration like 00:02:00")]
    [InlineData("Scheduling:ScanJitter", "-00:01:00", "Invalid setting Scheduling__ScanJitter=-00:01:00: must be a duration of zero or more like 00:30:00")]
    [InlineData("Scheduling:MaxDeliveryAttempts", "0", "Invalid setting Scheduling__MaxDeliveryAttempts=0: must be a whole number from 1 to 50")]
    [InlineData("Scheduling:Enabled", "yes", "Invalid setting Scheduling__Enabled=yes: must be true or false")]
    [InlineData("Scheduling:AlertWeeks", "9", "Invalid setting Scheduling__AlertWeeks=9: must be a whole number from 1 to 4")]
    [InlineData("GitHub:MaxRetries", "abc", "Invalid setting GitHub__MaxRetries=abc: must be a whole number from 0 to 10")]
    [InlineData("GitHub:BaseUrl", "notaurl", "Invalid setting GitHub__BaseUrl=notaurl: must be an absolute http(s) URL like https://api.github.com/")]
    [InlineData("GitHub:BaseUrl", "ftp://example.com/", "Invalid setting GitHub__BaseUrl=ftp://example.com/: must be an absolute http(s) URL like https://api.github.com/")]
    [InlineData("GitHub:ProfileTtl", "00:00:00", "Invalid setting GitHub__ProfileTtl=00:00:00: must be a positive duration like 30.00:00:00")]
    [InlineData("GitHub:UnreachablePause", "02:00:00", "Invalid setting GitHub__UnreachablePause=02:00:00: must be a duration from 00:00:00 to 01:00:00")]
    [InlineData("Momentum:MaxAge", "banana", "Invalid setting Momentum__MaxAge=banana: must be a duration of zero or more like 06:00:00")]
    [InlineData("Momentum:Demo", "maybe", "Invalid setting Momentum__Demo=maybe: must be true or false")]
    [InlineData("Momentum:CatalogPath", "/nonexistent.json", "Invalid setting Momentum__CatalogPath=/nonexistent.json: no such file; must be the path of a readable file")]
    [InlineData("Garnet:Port", "99999", "Invalid setting Garnet__Port=99999: must be a whole number from 0 to 65535")]
    [InlineData("Redis:Timeout", "00:05:00", "Invalid setting Redis__Timeout=00:05:00: must be a duration from 00:00:01 to 00:00:30")]
    [InlineData("Redis:KeyPrefix", "has space", "Invalid setting Redis__KeyPrefix=has space: Redis__KeyPrefix must be 1–64 characters of letters, digits, ':', '_', '.', '-' (no '{' or '}': keys carry their own Redis Cluster hash tags, and a tag in the prefix would put every key in one slot).")]
    [InlineData("Redis:KeyPrefix", "{momentum}:", "Invalid setting Redis__KeyPrefix={momentum}:: Redis__KeyPrefix must be 1–64 characters of letters, digits, ':', '_', '.', '-' (no '{' or '}': keys carry their own Redis Cluster hash tags, and a tag in the prefix would put every key in one slot).")]
    [InlineData("Work:Capacity", "0", "Invalid setting Work__Capacity=0: must be a whole number from 1 to 1000000")]
    [InlineData("Answers:LeaseTtl", "00:00:01", "Invalid setting Answers__LeaseTtl=00:00:01: must be a duration from 00:00:03 to 00:10:00")]
    [InlineData("Discover:Parallelism", "99", "Invalid setting Discover__Parallelism=99: must be a whole number from 1 to 16")]
    [InlineData("Shutdown:DrainTimeout", "01:00:00", "Invalid setting Shutdown__DrainTimeout=01:00:00: must be a duration from 00:00:00 to 00:10:00")]
    [InlineData("Slack:MaxBodyBytes", "lots", "Invalid setting Slack__MaxBodyBytes=lots: must be a whole number")]
    [InlineData("Slack:ApiBaseUrl", "slack.com/api", "Invalid setting Slack__ApiBaseUrl=slack.com/api: must be an absolute http(s) URL like https://slack.com/api/")]
    [InlineData("Slack:RedirectUri", "/callback", "Invalid setting Slack__RedirectUri=/callback: must be an absolute http(s) URL like https://example.com/")]
    [InlineData("Teams:MaxBodyBytes", "1e6", "Invalid setting Teams__MaxBodyBytes=1e6: must be a whole number")]
    [InlineData("Teams:OpenIdMetadataUrl", "nowhere", "Invalid setting Teams__OpenIdMetadataUrl=nowhere: must be an absolute http(s) URL like https://login.botframework.com/v1/.well-known/openidconfiguration")]
    [InlineData("Playground:Enabled", "off", "Invalid setting Playground__Enabled=off: must be true or false")]
    public void ABadSettingIsOneLineNamingItsProblemAndTheAcceptedForm(string key, string value, string expected) =>
        Assert.Equal(expected, Problem(key, value));

    [Theory]
    [InlineData("Scheduling:ScanInterval", "00:30:00")]
    [InlineData("GitHub:RetryBaseDelay", "00:00:00")]
    [InlineData("GitHub:BaseUrl", "http://127.0.0.1:8080/api/v3/")]
    [InlineData("Momentum:MaxAge", "1.00:00:00")]
    [InlineData("Slack:RedirectUri", "")]
    [InlineData("Garnet:Port", "0")]
    [InlineData("Api:AdminToken", "anything at all")]
    public void AGoodSettingPasses(string key, string value) => Assert.Null(Problem(key, value));

    [Theory]
    [InlineData("nonsense=1", "Invalid setting ConnectionStrings__Redis: Keyword 'nonsense' is not supported; must be a StackExchange.Redis connection string like host:6379,password=…")]
    [InlineData("password=x", "Invalid setting ConnectionStrings__Redis: it names no server; must be a StackExchange.Redis connection string like host:6379,password=…")]
    public void ABadRedisConnectionStringIsNamedWithoutItsValue(string value, string expected) =>
        Assert.Equal(expected, Momentum.Bot.Store.StoreSetup.ConnectionStringProblem(new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Redis", value)]).Build()));

    public static TheoryData<string, string> ProcessCases => new()
    {
        { "Scheduling__DeliveryInterval=-00:00:01", "Invalid setting Scheduling__DeliveryInterval=-00:00:01: must be a positive duration like 00:00:30" },
        { "GitHub__MaxRetries=abc", "Invalid setting GitHub__MaxRetries=abc: must be a whole number from 0 to 10" },
        { "Momentum__CatalogPath=/nonexistent.json", "Invalid setting Momentum__CatalogPath=/nonexistent.json: no such file; must be the path of a readable file" },
        { "Slack__ClientId=1.2", "Invalid settings: Slack__SigningSecret is required to serve Slack over HTTP (or set Slack__AppToken for Socket Mode)." },
    };

    [Theory]
    [MemberData(nameof(ProcessCases))]
    public async Task TheHostStopsWithExitCode1AndOneLineOnStderr(string setting, string expected)
    {
        var (name, value) = (setting.Split('=', 2)[0], setting.Split('=', 2)[1]);
        var (exitCode, stdout, stderr) = await HostProcess.RunAsync(new() { [name] = value, ["ConnectionStrings__Redis"] = TestRedis.ConnectionString });

        Assert.Equal(1, exitCode);
        Assert.Equal(expected, stderr.TrimEnd('\n'));
        Assert.Equal("", stdout);
    }
}

/// <summary>The built host run as its own process (<c>dotnet Momentum.Bot.dll</c>) from an empty folder: no appsettings.json.</summary>
public static class HostProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> environment)
    {
        var folder = Directory.CreateTempSubdirectory("momentum-host-");
        try
        {
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

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
