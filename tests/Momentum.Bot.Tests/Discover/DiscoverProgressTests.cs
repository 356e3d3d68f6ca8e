using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Reports.Discovery;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Discover;

/// <summary>
/// A discover run's acknowledgement shows how far it has got ("7 of 8 scanned"), replaced in place at most every five
/// seconds of the host's clock, and the ranking then replaces it: Slack through the response URL with
/// <c>replace_original</c>, Teams by updating the acknowledgement's activity.
/// </summary>
public sealed class DiscoverProgressTests
{
    private const string Held = "/repos/niche/cand-07";

    private static string Text(JsonElement element) => JsonText.Of(element);

    private static DiscoverQuery Query => DiscoverQuery.Create(DiscoverCandidates.Topic, null, null, 8).Query!;

    [Fact]
    public async Task SlackReplacesTheAcknowledgementWithProgressThenWithTheRanking()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SampleHost.StartAsync(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        });
        DiscoverCandidates.Seed(host.GitHub);
        var hold = host.GitHub.Hold(Held);
        var discovery = host.App.Services.GetRequiredService<DiscoveryService>();

        var response = await host.Client.SendAsync(SlackRequests.Sign(
            "/slack/commands", SlackRequests.SlashCommand("discover service-mesh limit=8", slack.ResponseUrl("p1")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));
        Assert.Contains("Working on it…", Text(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement), StringComparison.Ordinal);
        await hold.Reached;
        await Eventually.TrueAsync(() => discovery.Progress(Query, "slack:T0001")?.Scanned == 7, () => $"7 of 8 scanned (at {discovery.Progress(Query, "slack:T0001")})");

        // Nothing is posted before the interval has passed on the host's clock; then the latest progress replaces the acknowledgement.
        Assert.DoesNotContain(slack.Calls, c => c.Path == "/response/p1");
        host.App.Clock.Advance(TimeSpan.FromSeconds(5));
        var progress = await slack.WaitForPathAsync("/response/p1");
        Assert.True(progress.Json.GetProperty("replace_original").GetBoolean());
        Assert.Contains("7 of 8 scanned", Text(progress.Json), StringComparison.Ordinal);
        Assert.Contains("Discovering rising projects in service-mesh", Text(progress.Json), StringComparison.Ordinal);
        using var validators = new CardValidators();
        validators.AddBlockKit("progress", JsonNode.Parse(progress.Body)!);
        var (code, output) = await validators.RunAsync();
        Assert.True(code == 0, output);

        hold.Release();
        var final = await slack.WaitForAsync(c => c.Path == "/response/p1" && c.Body.Contains("Rising in service-mesh", StringComparison.Ordinal));
        Assert.True(final.Json.GetProperty("replace_original").GetBoolean());
        Assert.DoesNotContain("scanned", Text(final.Json.GetProperty("blocks")), StringComparison.Ordinal);
        // The last step (8 of 8) came inside the interval: the ranking replaced the acknowledgement instead.
        Assert.Equal(2, slack.Calls.Count(c => c.Path == "/response/p1"));
    }

    [Fact]
    public async Task SlackSpendsAtMostThreeOfTheResponseUrlsFivePostsOnProgress()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SampleHost.StartAsync(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
            ["Discover:Parallelism"] = "1",
        });
        DiscoverCandidates.Seed(host.GitHub);
        var discovery = host.App.Services.GetRequiredService<DiscoveryService>();
        // One candidate at a time, each held until the test lets it go: every step is its own progress report.
        var holds = Enumerable.Range(0, 50).Select(i => host.GitHub.Hold($"/repos/{DiscoverCandidates.Name(i)}")).ToArray();

        await host.Client.SendAsync(SlackRequests.Sign(
            "/slack/commands", SlackRequests.SlashCommand("discover service-mesh limit=8", slack.ResponseUrl("p2")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));
        for (var step = 0; step < 8; step++)
        {
            var reached = await Task.WhenAny(holds.Select(async h => { await h.Reached; return h; }));
            var hold = await reached;
            holds = holds.Where(h => h != hold).ToArray();
            hold.Release();
            var scanned = step + 1;
            if (scanned < 8)
            {
                await Eventually.TrueAsync(() => discovery.Progress(Query, "slack:T0001")?.Scanned == scanned, () => $"{scanned} scanned (at {discovery.Progress(Query, "slack:T0001")?.ToString() ?? "no run"}; "
                    + $"GitHub last saw {string.Join(", ", host.GitHub.Requests.TakeLast(4).Select(r => r.PathAndQuery))}; Slack saw {slack.Calls.Count(c => c.Path == "/response/p2")} posts)");
                host.App.Clock.Advance(TimeSpan.FromSeconds(5));
                if (scanned <= 3)
                {
                    await slack.WaitForAsync(c => c.Path == "/response/p2" && c.Body.Contains($"{scanned} of 8 scanned", StringComparison.Ordinal));
                }
            }
        }

        var final = await slack.WaitForAsync(c => c.Path == "/response/p2" && c.Body.Contains("Rising in service-mesh", StringComparison.Ordinal));
        Assert.True(final.Json.GetProperty("replace_original").GetBoolean());
        var posts = slack.Calls.Where(c => c.Path == "/response/p2").ToList();
        Assert.Equal(4, posts.Count);
        Assert.Equal(3, posts.Count(p => p.Body.Contains(" of 8 scanned", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TeamsUpdatesTheAcknowledgementWithProgressThenWithTheRanking()
    {
        await using var teams = await TeamsHost.StartAsync();
        DiscoverCandidates.Seed(teams.GitHub);
        var hold = teams.GitHub.Hold(Held);
        var discovery = teams.Service<DiscoveryService>();
        var mention = teams.ChannelMention("discover service-mesh limit=8");

        await teams.PostAsync(mention);
        var working = await teams.Connector.WaitForAsync(c => c.Method == "POST" && Text(c.Card).Contains("Discovering rising projects", StringComparison.Ordinal));
        await hold.Reached;
        await Eventually.TrueAsync(() => discovery.Progress(Query, TeamsHost.Workspace)?.Scanned == 7, "7 of 8 scanned");
        Assert.DoesNotContain(teams.Connector.Calls, c => c.Method == "PUT");

        teams.App.Clock.Advance(TimeSpan.FromSeconds(5));
        var progress = await teams.Connector.WaitForAsync(c => c.Method == "PUT");
        Assert.Contains("7 of 8 scanned", Text(progress.Card), StringComparison.Ordinal);
        using var validators = new CardValidators();
        validators.AddAdaptiveCard("progress", JsonNode.Parse(progress.Card.GetRawText())!);
        var (code, output) = await validators.RunAsync();
        Assert.True(code == 0, output);

        hold.Release();
        var final = await teams.Connector.WaitForAsync(c => c.Method == "PUT" && Text(c.Card).Contains("Rising in service-mesh", StringComparison.Ordinal));
        Assert.Equal(progress.ActivityId, final.ActivityId);
        Assert.NotEqual(mention["id"]!.GetValue<string>(), final.ActivityId);
        Assert.Equal(working.Conversation, final.Conversation);
        // The ranking replaced the acknowledgement: no second message was posted.
        Assert.Single(teams.Connector.Calls, c => c.Method == "POST" && c.Conversation == working.Conversation && c.Body.Contains("service-mesh", StringComparison.Ordinal));
    }
}
