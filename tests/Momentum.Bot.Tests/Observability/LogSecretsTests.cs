using System.Net.Http.Headers;
using System.Text.Json;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Hosting;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Observability;

/// <summary>The host as a process in a container's settings: its logs are JSON lines with the command's scope, and carry no configured secret.</summary>
public sealed class LogSecretsTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["Slack__SigningSecret"] = SlackRequests.Secret,
        ["Slack__BotToken"] = "xoxb-secret-bot-token-4711",
        ["Slack__ClientSecret"] = "slack-client-secret-4711",
        ["GitHub__Token"] = "ghp_secretgithubtoken4711",
        ["Teams__AppPassword"] = "teams-app-password-4711",
        ["Api__AdminToken"] = "admin-token-secret-4711",
    };

    private FakeGitHub _github = null!;
    private FakeSlack _slack = null!;
    private FakeBotFrameworkLogin _login = null!;
    private FakeBotConnector _connector = null!;

    public async Task InitializeAsync()
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        SampleRepository.Seed(data, "acme/booster");
        _github = await FakeGitHub.StartAsync(data);
        // GitHub fails for one project throughout: its errors are logged.
        _github.Faults.Add(GitHubFault.ServerError("acme/booster", times: 1000));
        _slack = await FakeSlack.StartAsync();
        _login = await FakeBotFrameworkLogin.StartAsync();
        _connector = await FakeBotConnector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _login.DisposeAsync();
        await _slack.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task InAContainerLogsAreJsonWithScopesAndNoSecret()
    {
        var environment = new Dictionary<string, string>(Secrets)
        {
            ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
            ["ConnectionStrings__Redis"] = TestRedis.ConnectionString,
            ["Redis__KeyPrefix"] = TestRedis.NewPrefix(),
            ["GitHub__BaseUrl"] = _github.BaseUrl.ToString(),
            ["GitHub__RetryBaseDelay"] = "00:00:00",
            ["Slack__ClientId"] = "1.2",
            ["Slack__ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["Teams__AppId"] = TeamsHost.AppId,
            ["Teams__TenantId"] = TeamsHost.Tenant,
            ["Teams__OpenIdMetadataUrl"] = _login.MetadataUrl.AbsoluteUri,
            ["Teams__TokenEndpoint"] = _connector.TokenUrl(TeamsHost.Tenant).AbsoluteUri,
            ["Scheduling__Enabled"] = "false",
        };
        string output;
        await using (var host = await RunningHost.StartAsync(environment))
        {
            using var client = new HttpClient { BaseAddress = host.Address };
            var good = _slack.ResponseUrl("good");
            var failing = _slack.ResponseUrl("failing");
            await client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", good), "application/x-www-form-urlencoded", DateTimeOffset.UtcNow));
            await client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/booster", failing), "application/x-www-form-urlencoded", DateTimeOffset.UtcNow));
            // A forged request, an operator call with the wrong token and one with the right one.
            await client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", good), "application/x-www-form-urlencoded", DateTimeOffset.UtcNow, secret: "wrong-secret"));
            using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/outbox/undeliverable") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token") } })
            {
                await client.SendAsync(wrong);
            }

            using (var right = new HttpRequestMessage(HttpMethod.Get, "/api/v1/outbox/undeliverable") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Secrets["Api__AdminToken"]) } })
            {
                (await client.SendAsync(right)).EnsureSuccessStatusCode();
            }

            await _slack.WaitForPathAsync(good.AbsolutePath);
            await _slack.WaitForPathAsync(failing.AbsolutePath);
            output = await host.StopAsync();
        }

        foreach (var (name, secret) in Secrets)
        {
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"{name} is in the logs");
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.Contains("Now listening on", StringComparison.Ordinal));
        // The failing command's error carries its scope: trace, platform, workspace and channel.
        Assert.Contains(entries, e => e.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("Workspace", out var w) && w.GetString() == "slack:T0001"
            && s.TryGetProperty("Platform", out var p) && p.GetString() == "slack" && s.TryGetProperty("Channel", out var c) && c.GetString() == "C2147483705")
            && scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _)));
    }
}
