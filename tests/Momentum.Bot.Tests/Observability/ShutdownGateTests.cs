using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Observability;

/// <summary>Once the host is stopping, it is not ready and takes no new requests; liveness still answers.</summary>
public sealed class ShutdownGateTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    public async Task InitializeAsync() => _host = await SampleHost.StartAsync(new() { ["Slack:SigningSecret"] = SlackRequests.Secret });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AStoppingHostIsNotReadyAndAnswersNewRequestsWith503()
    {
        // A hosted service that holds the shutdown where SIGTERM leaves it: stopping, with the server still serving.
        var hold = new ShutdownHold();
        await using var app = _host.App.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddHostedService(_ => hold)));
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();
        await hold.Stopping;
        try
        {
            var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            using var command = SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", new Uri("https://hooks.slack.com/commands/T1/1/x")), "application/x-www-form-urlencoded", MomentumApp.Now);
            var slack = await client.SendAsync(command);
            var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("stopping", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, slack.StatusCode);
            Assert.Equal("5", slack.Headers.RetryAfter?.ToString());
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            hold.Release();
        }
    }

    private sealed class ShutdownHold : IHostedService
    {
        private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stopping => _stopping.Task;

        public void Release() => _released.TrySetResult();

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            _stopping.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }
}
