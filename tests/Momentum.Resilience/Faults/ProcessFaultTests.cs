using System.Diagnostics;
using System.Globalization;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Hosting;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;

namespace Momentum.Resilience.Faults;

/// <summary>
/// Faults with real processes: a <c>redis-server</c> (with persistence, as in production) killed with SIGKILL and
/// restarted in the middle of an ingest and in the middle of a delivery, and a replica — the built host as its own
/// process — killed in the middle of a scan. Each reports the alerts posted, the subscriptions left and how long
/// recovery took.
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    private static string Workspace => HostExtensions.Channel.Workspace;

    /// <summary>Completes when the host's interactive Redis connection is back (cycles run minutes apart in production;
    /// here the next one starts once the connection is restored).</summary>
    private static Task RestoredAsync(MomentumApp app)
    {
        var redis = app.Get<StackExchange.Redis.IConnectionMultiplexer>();
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == StackExchange.Redis.ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        };
        return restored.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs cycles (and deliveries) until the alert is posted; answers how many it took.</summary>
    private static async Task<int> CyclesUntilPostedAsync(SchedulingHosts hosts, MomentumApp app, int max = 5)
    {
        for (var cycle = 1; cycle <= max; cycle++)
        {
            try
            {
                await app.Get<WatchlistScanner>().RunAsync(Workspace, "infra", $"recovery-{cycle}", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
                await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception ex) when (Momentum.Bot.Hosting.StoreUnavailable.Is(ex))
            {
                // The store is still coming back: the next cycle tries again.
            }

            if (hosts.Slack.History.Count > 0)
            {
                return cycle;
            }

            app.Clock.Advance(TimeSpan.FromMinutes(30));
        }

        return -1;
    }

    /// <summary>
    /// After a fault: cycles until the alert is posted, two more (nothing may be posted again), then the figures and
    /// the guarantees — exactly one post, the subscription intact.
    /// </summary>
    private async Task RecoverAndReportAsync(SchedulingHosts hosts, MomentumApp app, Stopwatch since, string fault)
    {
        var cycles = await CyclesUntilPostedAsync(hosts, app);
        var recovered = since.Elapsed;
        await CyclesUntilPostedAsync(hosts, app, max: 2);
        var subscriptions = await app.Get<WatchlistStore>().SubscriptionsAsync(Workspace);
        Figures.Record(output, string.Create(CultureInfo.InvariantCulture,
            $"fault {fault}: the alert posted on cycle {cycles} after it, {recovered.TotalSeconds:0.0} s after the fault; " +
            $"{hosts.Slack.History.Count} alert posted, {subscriptions.Count} subscription intact"));
        Assert.True(cycles > 0, "the alert was never posted");
        Assert.Single(hosts.Slack.History);
        Assert.Single(subscriptions);
    }

    [Fact]
    public async Task RedisKilledAndRestartedMidIngestLosesNothingAndAlertsOnce()
    {
        await using var redis = await RedisProcess.StartAsync(persistent: true);
        await using var hosts = await SchedulingHosts.StartAsync();
        var app = hosts.Host(redis: redis.ConnectionString);
        await app.SubscribeAsync(SpikingRepository.Spiking);

        // Redis dies as GitHub answers the ingest's first request, so the rest of the ingest meets a dead store.
        var restored = RestoredAsync(app);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hosts.GitHub.Answered += request =>
        {
            if (request.PathAndQuery.Contains("/repos/" + SpikingRepository.Spiking + "/", StringComparison.Ordinal) && !killed.Task.IsCompleted)
            {
                redis.Kill();
                killed.TrySetResult();
            }
        };
        string interrupted;
        try
        {
            var summary = await app.Get<WatchlistScanner>().RunAsync(Workspace, "infra", "interrupted", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
            interrupted = summary.AlertsQueued > 0 ? "finished" : $"ended ({string.Join("; ", summary.Problems)})";
        }
        catch (Exception ex)
        {
            interrupted = $"failed ({ex.GetType().Name})";
        }

        Assert.True(killed.Task.IsCompleted, "the ingest asked GitHub nothing");
        var down = Stopwatch.StartNew();
        await redis.RestartAsync();
        await restored;
        await RecoverAndReportAsync(hosts, app, down, $"Redis (persistent) killed and restarted mid-ingest (the interrupted cycle {interrupted})");
    }

    [Fact]
    public async Task RedisKilledAndRestartedMidDeliveryPostsTheAlertOnce()
    {
        await using var redis = await RedisProcess.StartAsync(persistent: true);
        await using var hosts = await SchedulingHosts.StartAsync();
        var app = hosts.Host(redis: redis.ConnectionString);
        await app.SubscribeAsync(SpikingRepository.Spiking);

        // The first post fails, so the alert waits in the outbox; then Redis dies under the retry.
        hosts.Slack.Script("chat.postMessage", 503, "unavailable");
        var summary = await app.Get<WatchlistScanner>().RunAsync(Workspace, "infra", "cycle-1", CancellationToken.None);
        Assert.Equal(1, summary.AlertsQueued);
        var restored = RestoredAsync(app);
        redis.Kill();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        string during;
        try
        {
            during = $"delivered {await app.Get<OutboxDelivery>().DeliverDueAsync(CancellationToken.None)}";
        }
        catch (Exception ex) when (Momentum.Bot.Hosting.StoreUnavailable.Is(ex))
        {
            during = "store unavailable";
        }

        var down = Stopwatch.StartNew();
        await redis.RestartAsync();
        await restored;
        await RecoverAndReportAsync(hosts, app, down, $"Redis (persistent) killed mid-delivery (the delivery meanwhile: {during})");
    }

    [Fact]
    public async Task AReplicaKilledMidScanIsTakenOverAndTheAlertPostedOnce()
    {
        await using var hosts = await SchedulingHosts.StartAsync();
        var survivor = hosts.Host();
        await survivor.SubscribeAsync(SpikingRepository.Spiking);

        // The other replica: the built host as its own process on the same store, asked by an operator to scan now.
        const string leaseTtl = "00:00:05";
        await using var doomed = await RunningHost.StartAsync(new()
        {
            ["ConnectionStrings__Redis"] = TestRedis.ConnectionString,
            ["Redis__KeyPrefix"] = hosts.Prefix,
            ["GitHub__BaseUrl"] = hosts.GitHub.BaseUrl.ToString(),
            ["GitHub__Token"] = "test-token",
            ["Affiliations__GitdmRepository"] = "",
            ["GitHub__ScanLeaseTtl"] = leaseTtl,
            ["Scheduling__LeaseTtl"] = leaseTtl,
            ["Scheduling__Enabled"] = "false",
            ["Slack__SigningSecret"] = SlackRequests.Secret,
            ["Slack__BotToken"] = "xoxb-test-token",
            ["Slack__ApiBaseUrl"] = hosts.Slack.ApiBaseUrl.ToString(),
            ["Api__AdminToken"] = "ops",
        });
        var hold = hosts.GitHub.Hold("/repos/" + SpikingRepository.Spiking + "/");
        using var client = new HttpClient { BaseAddress = doomed.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/watchlists/{Workspace}/infra/scan");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ops");
        var scan = client.SendAsync(request);
        await hold.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        await doomed.KillAsync();
        var killed = Stopwatch.StartNew();
        hold.Release();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => scan);

        // The dead replica's leases run out in Redis; then the survivor's next cycle does the work.
        await Leases.GoneAsync(hosts.Prefix, TimeSpan.FromSeconds(60));
        await RecoverAndReportAsync(hosts, survivor, killed, $"replica process SIGKILLed mid-scan (leases {leaseTtl}; the survivor waited for them to lapse)");
    }
}
