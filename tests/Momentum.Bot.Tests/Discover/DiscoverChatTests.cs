using System.Text.Json;
using Momentum.Bot.Chat;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Discover;

/// <summary>Discover acknowledged at once and delivered later in Slack (response_url) and Teams (proactively); Watch from its card.</summary>
public sealed class DiscoverChatTests
{
    private static string Text(JsonElement element) => JsonText.Of(element);

    [Fact]
    public async Task SlackAcknowledgesThenDeliversTheRankingWithWatchButtons()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SampleHost.StartAsync(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        });
        DiscoverCandidates.Seed(host.GitHub);

        var response = await host.Client.SendAsync(SlackRequests.Sign(
            "/slack/commands", SlackRequests.SlashCommand("discover service-mesh limit=8", slack.ResponseUrl("d1")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));

        var ack = Text(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        Assert.Contains("Working on it…", ack, StringComparison.Ordinal);
        Assert.Contains("Discovering rising projects in service-mesh", ack, StringComparison.Ordinal);
        Assert.Contains("this takes a minute", ack, StringComparison.Ordinal);
        var delivered = await slack.WaitForPathAsync("/response/d1");
        var text = Text(delivered.Json);
        Assert.Contains("Rising in service-mesh", text, StringComparison.Ordinal);
        Assert.Contains("niche/cand-07", text, StringComparison.Ordinal);
        var watch = delivered.Json.GetProperty("blocks").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("elements").EnumerateArray())
            .Where(e => e.GetProperty("type").GetString() == "button")
            .ToList();
        Assert.Equal(5, watch.Count);
        Assert.All(watch, w => Assert.StartsWith("Watch niche/cand-", w.GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TeamsAcknowledgesThenPostsTheRankingAndItsWatchButtonAddsToTheWatchlist()
    {
        await using var teams = await TeamsHost.StartAsync();
        DiscoverCandidates.Seed(teams.GitHub);

        await teams.PostAsync(teams.ChannelMention("discover service-mesh limit=8"));

        var working = await teams.Connector.WaitForAsync(_ => true);
        Assert.Contains("Discovering rising projects in service-mesh", Text(working.Card), StringComparison.Ordinal);
        var card = await teams.Connector.WaitForAsync(c => Text(c.Card).Contains("Rising in service-mesh", StringComparison.Ordinal));
        var action = FindWatch(card.Card) ?? throw new InvalidOperationException("The card has no Watch button.");
        var repository = action.GetProperty("data").GetProperty("value").GetString()!;
        // Level 10 (7, 17, … 47) leads; among equals, the fewest stars (47).
        Assert.Equal("niche/cand-47", repository);

        await teams.PostAsync(teams.Submit("watch", repository));

        await teams.Connector.WaitForAsync(c => Text(c.Card).Contains("Watching niche/cand-47", StringComparison.Ordinal));
        var subscription = Assert.Single(await teams.Service<WatchlistStore>().SubscriptionsAsync(TeamsHost.Workspace));
        Assert.Equal(Platform.Teams, subscription.Platform);
        var lists = await teams.Service<WatchlistStore>().AllAsync(TeamsHost.Workspace);
        Assert.Contains(lists, l => l.Projects.Contains("niche/cand-47", StringComparer.OrdinalIgnoreCase));
    }

    private static JsonElement? FindWatch(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("verb", out var verb) && verb.GetString() == "watch")
                {
                    return element;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (FindWatch(property.Value) is { } found)
                    {
                        return found;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (FindWatch(item) is { } found)
                    {
                        return found;
                    }
                }

                break;
        }

        return null;
    }
}
