using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Demo;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Hosting;

/// <summary>A store that hangs, dies and comes back (empty), with a real redis-server process of the test's own.</summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    private RedisProcess _redis = null!;
    private FakeGitHub _github = null!;
    private FakeSlack _slack = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisProcess.StartAsync();
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        _github = await FakeGitHub.StartAsync(data);
        _slack = await FakeSlack.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _github.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private MomentumApp App(string? prefix = null) => new(_github, new()
    {
        ["Slack:SigningSecret"] = SlackRequests.Secret,
        ["Slack:BotToken"] = "xoxb-test-token",
        ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
        ["Scheduling:Enabled"] = "false",
    }, redis: _redis.ConnectionString, prefix: prefix);

    private Task<HttpResponseMessage> SlashAsync(MomentumApp app, HttpClient client, string text) =>
        client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand(text, _slack.ResponseUrl("r1")), "application/x-www-form-urlencoded", app.Clock.GetUtcNow()));

    private static async Task<string> ReadyAsync(HttpClient client, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Resolves when the host's connection to the store is back.</summary>
    private static Task RestoredAsync(IServiceProvider services)
    {
        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        redis.ConnectionRestored += (_, e) =>
        {
            // Commands use the interactive connection; the subscription one may come back first.
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                restored.TrySetResult();
            }
        };
        return restored.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ReadyzAnswers503WithAShortReasonWithinItsOwnTimeoutWhenRedisHangs()
    {
        // The real clock: the probe's own timeout has to run out, not Redis's.
        await using var app = new KestrelDemoApp(new() { ["ConnectionStrings:Redis"] = _redis.ConnectionString });
        using var client = new HttpClient { BaseAddress = app.Start() };
        await ReadyAsync(client, HttpStatusCode.OK);

        _redis.Pause();
        var body = await ReadyAsync(client, HttpStatusCode.ServiceUnavailable);
        _redis.Resume();

        Assert.Contains("no answer from Redis within 0.8 s", body, StringComparison.Ordinal);
        Assert.True(body.Length < 200, body);
    }

    [Fact]
    public async Task ReadyzAnswers503WhenRedisIsDownAndReadyAgainWhenItIsBack()
    {
        await using var app = App();
        using var client = app.CreateClient();
        await ReadyAsync(client, HttpStatusCode.OK);

        var restored = RestoredAsync(app.Services);
        _redis.Kill();
        var body = await ReadyAsync(client, HttpStatusCode.ServiceUnavailable);
        await _redis.RestartAsync();
        await restored;

        Assert.Contains("store unreachable", body, StringComparison.Ordinal);
        Assert.True(body.Length < 200, body);
        await ReadyAsync(client, HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithRedisDownCommandsSayTheStoreIsUnavailableAndRecoverWhenItIsBack()
    {
        await using var app = App();
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await SlashAsync(app, client, "subscriptions")).StatusCode);
        var restored = RestoredAsync(app.Services);

        _redis.Kill();
        var slash = await SlashAsync(app, client, "subscriptions");
        var playground = await client.PostAsJsonAsync(new Uri("/playground/run", UriKind.Relative), new { text = "subscriptions" });

        Assert.Equal(HttpStatusCode.OK, slash.StatusCode);
        Assert.Contains("The store is unavailable, try again shortly.", await slash.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, playground.StatusCode);
        Assert.Contains("The store is unavailable, try again shortly.", await playground.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await _redis.RestartAsync();
        await restored;
        // A second later: a new signature, not a replay of the first command.
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var again = await (await SlashAsync(app, client, "subscriptions")).Content.ReadAsStringAsync();
        Assert.Contains("subscri", again, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("store is unavailable", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithRedisHangingACommandSaysTheStoreIsUnavailableAfterTheRedisTimeout()
    {
        await using var app = App();
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await SlashAsync(app, client, "subscriptions")).StatusCode);

        _redis.Pause();
        var slash = await SlashAsync(app, client, "subscriptions");
        _redis.Resume();

        Assert.Equal(HttpStatusCode.OK, slash.StatusCode);
        Assert.Contains("The store is unavailable, try again shortly.", await slash.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithRedisDownTheApiAnswers503WithRetryAfterAndADetail()
    {
        await using var app = App();
        using var client = app.CreateClient();
        _redis.Kill();

        var response = await client.GetAsync(new Uri("/api/v1/projects/acme/rocket/momentum", UriKind.Relative));
        var mention = await client.SendAsync(SlackRequests.Sign("/slack/events", """{"type":"event_callback","team_id":"T0001","event_id":"Ev1","event":{"type":"app_mention","user":"U1","text":"<@U0> help","ts":"1.2","channel":"C1"}}""", "application/json", app.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The store is unavailable, try again shortly.", problem.GetProperty("detail").GetString());
        // Slack retries an event that was not acknowledged: the mention is answered once the store is back.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, mention.StatusCode);
    }

    [Fact]
    public async Task AStoreThatComesBackEmptyIsReportedInReadyzAndInReplies()
    {
        await using var app = App();
        using var client = app.CreateClient();
        var generation = app.Services.GetRequiredService<StoreGeneration>();
        await ReadyAsync(client, HttpStatusCode.OK);
        Assert.NotNull(generation.Current);
        var restored = RestoredAsync(app.Services);

        _redis.Kill();
        await _redis.RestartAsync();
        await restored;
        await Eventually.TrueAsync(() => generation.LostAt is not null, "the host to notice the empty store");

        var ready = await ReadyAsync(client, HttpStatusCode.OK);
        var reply = await (await SlashAsync(app, client, "help")).Content.ReadAsStringAsync();
        Assert.Contains("lost its data", ready, StringComparison.Ordinal);
        Assert.Contains("lost its data", reply, StringComparison.Ordinal);

        app.Clock.Advance(StoreGeneration.WarningPeriod);
        Assert.DoesNotContain("lost its data", await ReadyAsync(client, HttpStatusCode.OK), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFlushedStoreIsNoticedByReadyzAndAHostStartingOnItDoesNotWarn()
    {
        await using var app = App();
        using var client = app.CreateClient();
        await ReadyAsync(client, HttpStatusCode.OK);
        await using var connection = await _redis.ConnectAsync();
        await connection.GetServer(_redis.ConnectionString).FlushAllDatabasesAsync();

        Assert.Contains("lost its data", await ReadyAsync(client, HttpStatusCode.OK), StringComparison.Ordinal);
        await using var later = App(app.Prefix);
        using var laterClient = later.CreateClient();
        Assert.DoesNotContain("lost its data", await ReadyAsync(laterClient, HttpStatusCode.OK), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithRedisDownATeamsMessageIs503WithRetryAfterNotA500()
    {
        await using var teams = await TeamsHost.StartAsync(new() { ["ConnectionStrings:Redis"] = _redis.ConnectionString, ["Scheduling:Enabled"] = "false" });
        _redis.Kill();

        var response = await teams.PostAsync(teams.PersonalMessage("help"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
