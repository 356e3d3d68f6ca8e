using Microsoft.Extensions.Configuration;
using Momentum.Bot.Hosting;
using Momentum.Bot.Tests.Deployment;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Hosting;

/// <summary><c>dotnet Momentum.Bot.dll --healthcheck</c>, the image's HEALTHCHECK: asks the running host's /healthz.</summary>
public sealed class HealthCheckCommandTests
{
    private static Task<(int ExitCode, string Stdout, string Stderr)> HealthCheckAsync(string urls) =>
        DeploymentTools.RunAsync("dotnet", AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "Momentum.Bot.dll"), HealthCheckCommand.Argument, "--urls", urls);

    [Fact]
    public async Task ExitsZeroWhenTheHostAnswersItsHealthz()
    {
        using var app = new KestrelDemoApp();
        var address = app.Start();

        var (exitCode, stdout, stderr) = await HealthCheckAsync($"http://0.0.0.0:{address.Port}");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("", stdout + stderr);
    }

    [Fact]
    public async Task ExitsOneWithALineWhenNothingAnswers()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exitCode, stdout, stderr) = await HealthCheckAsync($"http://127.0.0.1:{port}");

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith($"healthcheck: http://127.0.0.1:{port}/healthz did not answer", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080", "http://127.0.0.1:8080/healthz")]
    [InlineData("urls", "http://+:80", "http://127.0.0.1/healthz")]
    [InlineData("urls", "http://*:5000", "http://127.0.0.1:5000/healthz")]
    [InlineData("urls", "http://[::]:8081", "http://127.0.0.1:8081/healthz")]
    [InlineData("urls", "https://0.0.0.0:443;http://localhost:5080", "http://localhost:5080/healthz")]
    [InlineData("http_ports", "8080;8081", "http://127.0.0.1:8080/healthz")]
    [InlineData("urls", "https://0.0.0.0:443", null)]
    [InlineData("http_ports", "nope", null)]
    public void AsksLoopbackAtTheFirstPlainHttpAddressTheHostListensOn(string key, string value, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        Assert.Equal(expected, HealthCheckCommand.HealthUrl(configuration)?.ToString());
    }
}
