using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Cards;
using Momentum.Bot.Commands;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Slack;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Scheduling;
using Momentum.Bot.Tests.Slack;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Validators;

/// <summary>
/// Every kind of message the product emits, for Slack and Teams, checked by the platforms' own definitions (Microsoft's
/// adaptivecards parser, @slack/types): momentum cards, compare, alert, weekly summary, help, lists, errors.
/// </summary>
public sealed class CardValidationTests
{
    /// <summary>The replies of real commands through the host's dispatcher, plus the scheduled messages of a large report.</summary>
    private static async Task<List<(string Name, Reply Reply)>> EveryKindOfReplyAsync()
    {
        var replies = new List<(string, Reply)>();
        await using (var host = await SampleHost.StartAsync())
        {
            DiscoverCandidates.Seed(host.GitHub, 12);
            var dispatcher = host.App.Services.GetRequiredService<CommandDispatcher>();
            foreach (var platform in new[] { Platform.Slack, Platform.Teams })
            {
                // A platform-qualified workspace: anything else makes every command fail, and only the failure would be validated.
                var workspace = platform == Platform.Slack ? WorkspaceIds.Slack("TVALIDATE")! : WorkspaceIds.Teams("7d0c6f3e-2b1a-4c5d-9e8f-0a1b2c3d4e5f")!;
                var context = new CommandContext(platform, workspace, "C1", "U1");
                foreach (var text in new[]
                {
                    "help", "acme/rocket", "acme/rocket public", "compare acme/rocket acme/nothing", "vendor acme/rocket",
                    "vendor acme/rocket add \"*Bold* Industries\" bold.example", "watchlist create infra", "watchlist add infra acme/rocket nope",
                    "watchlist show infra", "watchlists", "subscribe infra alerts", "subscriptions", "watch acme/rocket", "alias mine acme/rocket",
                    "aliases", "alias mine", "timezone", "backtest acme/rocket", "nonsense words here", "cilium-typo", "unsubscribe nope",
                    "who acme/rocket", "person eve org \"*Bold* Industries\" from 2020-01-01", "person eve", "person eve clear", "person eve org n/a",
                    "watchlist follow infra topic:service-mesh", "watchlist show infra", "watchlist unfollow infra topic:service-mesh", "watchlist follow infra topic:Bad_Topic",
                    "discover service-mesh limit=10", "discover nothing-here", "org Spotify", "org nobody-at-all",
                })
                {
                    replies.Add(($"{platform.Name()}-{text}", await dispatcher.RunAsync(CommandParser.Parse(text), context)));
                }
            }
        }

        var report = BlockKitRendererTests.LargeReport("*Bold* _Corp_ ~x~ `y`");
        var menu = Enumerable.Range(0, CompareCard.MaxMenuOptions).Select(i => new ReplyOption($"project-{i}", $"acme/rocket project-{i}")).ToArray();
        replies.Add(("card-large", MomentumCard.Build(report, "acme/rocket", inChannel: false, demo: true, menu)));
        replies.Add(("compare-five", CompareCard.Build(Enumerable.Range(0, 5).Select(i => BlockKitRendererTests.LargeReport($"project {i}")).ToArray())));
        replies.Add(("alert", SpikeAlert.Build(report, report.Report.Spikes[^1], "acme/rocket")));
        var subscription = new Subscription(Platform.Slack, "t", "C1", "infra", true, true, Sensitivity.Normal, DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", [], "u", default);
        var projects = Enumerable.Range(0, 20).Select(i => ($"p{i}", BlockKitRendererTests.LargeReport($"Project {i}"))).ToList();
        replies.Add(("weekly-summary", WeeklySummary.Build(subscription, new DateOnly(2026, 3, 9), projects, ["a failure note"])));
        replies.Add(("weekly-summary-empty", WeeklySummary.Build(subscription, new DateOnly(2026, 3, 9), [], [])));
        var entrants = Enumerable.Range(0, 7).Select(i => new Momentum.Bot.Reports.Discovery.DiscoveredProject(
            $"niche/*cand*-{i}", 100 + i, 4, 3, 1.5, 9 - i, Stage.Breakout, "breakout: <5> end-user organisations", "end-user activity +150% (<b>10</b> vs 4), 3 new end-user organisations")).ToList();
        replies.Add(("weekly-summary-topics", WeeklySummary.Build(subscription, new DateOnly(2026, 3, 9), projects.Take(3).ToList(), [],
            [new("service-mesh", entrants), new("ebpf", []), new("gitops", [], "Could not discover topic:gitops: GitHub is unreachable.")])));
        replies.Add(("busy", Reply.Busy()));
        var discover = CommandParser.Parse("discover service-mesh stars<5000 language=go limit=30");
        replies.Add(("discover-working", WorkingReply.For(discover)));
        replies.Add(("discover-progress", WorkingReply.Progress(discover, "12 of 30 scanned")));
        replies.Add(("who-large", WhoCard.Build(new Momentum.Bot.Reports.ProjectContributors(report, LargeContributorList()), "acme/rocket")));
        return replies;
    }

    /// <summary>Hundreds of contributors in every class, with names that look like markup and long e-mail identities.</summary>
    internal static ContributorAffiliation[] LargeContributorList() =>
        Enumerable.Range(0, 600).Select(i => new ContributorAffiliation(
            i % 3 == 0 ? $"person-{i}-with-a-rather-long-address@*bold*-corp-{i}.example.com" : $"login-{i}",
            (ContributorClass)(i % 5),
            i % 5 == 0 ? null : $"*Org* _{i % 40}_ <!here> & co",
            (AffiliationSource)(i % 7),
            i,
            new DateOnly(2026, 3, 9),
            i % 7 == 0)).ToArray();

    /// <summary>
    /// An alert's "still rising" update as each platform receives it: a real two-week episode (acme/rising) scanned a
    /// week apart, its first alert posted and then changed in place — the body of Slack's chat.update and the card of
    /// the Teams PUT, captured at the fake servers.
    /// </summary>
    private static async Task<(JsonObject Slack, JsonNode Teams)> StillRisingUpdatesAsync()
    {
        var weekBefore = MomentumApp.Now.AddDays(-7);
        var noSchedule = new Dictionary<string, string?> { ["Scheduling:Enabled"] = "false" };

        JsonObject slack;
        await using (var hosts = await SchedulingHosts.StartAsync())
        {
            var app = hosts.Host(extra: noSchedule, now: weekBefore);
            await app.SubscribeAsync(SpikingRepository.Rising);
            Assert.Equal(1, (await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-1", CancellationToken.None)).Delivered);
            app.Clock.SetUtcNow(MomentumApp.Now);
            Assert.Equal(1, (await app.Get<WatchlistScanner>().RunAsync("slack:T1", "infra", "week-2", CancellationToken.None)).Delivered);
            slack = JsonNode.Parse(Assert.Single(hosts.Slack.Calls, c => c.Path == "/api/chat.update").Json.GetRawText())!.AsObject();
            // chat.update's own address of the message; the rest is the message body Slack's types describe.
            slack.Remove("ts");
        }

        await using var teams = await TeamsHost.StartAsync(noSchedule, SpikingRepository.SeedRising, weekBefore);
        await teams.PostAsync(teams.AddedToTeam());
        await teams.Connector.WaitForAsync(c => c.Conversation == TeamsHost.TeamId);
        await teams.PostAsync(teams.ChannelMention($"watch {SpikingRepository.Rising}", id: "watch"));
        await teams.Connector.WaitForAsync(c => c.ActivityId == "watch");
        var channel = new CommandContext(Platform.Teams, TeamsHost.Workspace, TeamsHost.ChannelId, TeamsHost.User);
        await teams.App.RunAsync($"vendor {SpikingRepository.Rising} add Vendor vendor.dev", channel);
        var watchlist = Assert.Single(await teams.Service<WatchlistStore>().SubscriptionsAsync(TeamsHost.Workspace)).Watchlist;
        Assert.Equal(1, (await teams.App.Get<WatchlistScanner>().RunAsync(TeamsHost.Workspace, watchlist, "week-1", CancellationToken.None)).Delivered);
        teams.App.Clock.SetUtcNow(MomentumApp.Now);
        Assert.Equal(1, (await teams.App.Get<WatchlistScanner>().RunAsync(TeamsHost.Workspace, watchlist, "week-2", CancellationToken.None)).Delivered);
        var put = Assert.Single(teams.Connector.Calls, c => c.Method == "PUT");
        return (slack, JsonNode.Parse(put.Card.GetRawText())!);
    }

    [Fact]
    public async Task EveryMessageTheProductEmitsIsValidForSlackAndTeams()
    {
        using var validators = new CardValidators();
        var replies = await EveryKindOfReplyAsync();
        TheDiscoverAndOrgAnswersAreTheRealOnes(replies.DistinctBy(r => r.Name).ToDictionary(r => r.Name, r => r.Reply));
        foreach (var (name, reply) in replies)
        {
            validators.AddBlockKit(name, SlackMessages.Message(reply));
            validators.AddAdaptiveCard(name, AdaptiveCardRenderer.Message(reply)["attachments"]![0]!["content"]!);
        }

        var (slackUpdate, teamsUpdate) = await StillRisingUpdatesAsync();
        Assert.Contains("still rising", slackUpdate.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("still rising", teamsUpdate.ToJsonString(), StringComparison.Ordinal);
        validators.AddBlockKit("alert-still-rising-chat-update", slackUpdate);
        validators.AddAdaptiveCard("alert-still-rising-teams-put", teamsUpdate);

        var (exitCode, output) = await validators.RunAsync();

        Assert.True(exitCode == 0, output);
        Assert.Contains("0 problems", output, StringComparison.Ordinal);
    }

    /// <summary>What is validated is the commands' real answers (discover: a ranking with its buttons and menu), not the failure reply.</summary>
    private static void TheDiscoverAndOrgAnswersAreTheRealOnes(Dictionary<string, Reply> replies)
    {
        Assert.DoesNotContain(replies, r => r.Value.Title == "Something went wrong");
        foreach (var platform in new[] { "slack", "teams" })
        {
            var discover = replies[$"{platform}-discover service-mesh limit=10"];
            Assert.True(discover.Title == "Rising in service-mesh", string.Join(" | ", discover.Sections.SelectMany(s => s.Lines)));
            Assert.Equal(DiscoveryCard.WatchButtons, discover.Actions.Count);
            Assert.Equal(10, Assert.Single(discover.Choices).Options.Count);
            Assert.Contains("Spotify", replies[$"{platform}-org Spotify"].Title, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheValidatorsReportWhatIsWrong()
    {
        using var validators = new CardValidators();
        validators.AddAdaptiveCard("broken", JsonNode.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Carousel2"},{"type":"Input.ChoiceSet","id":"x","choices":[]}]}""")!);
        validators.AddBlockKit("broken", JsonNode.Parse("""{"text":"x","blocks":[{"type":"header","text":{"type":"mrkdwn","text":"x"}}]}""")!);

        var (exitCode, output) = await validators.RunAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("broken.adaptive.json: Parse UnknownElementType", output, StringComparison.Ordinal);
        Assert.Contains("An Input.ChoiceSet must have at least one choice defined.", output, StringComparison.Ordinal);
        Assert.Contains("broken.blockkit.json: error TS2322", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TableColumnsAllHaveARealHeaderSoTeamsRowsLineUp()
    {
        var report = BlockKitRendererTests.LargeReport("x");
        var subscription = new Subscription(Platform.Teams, "t", "C1", "infra", true, true, Sensitivity.Normal, DayOfWeek.Monday, new TimeOnly(9, 0), "UTC", [], "u", default);
        foreach (var reply in new[] { CompareCard.Build([report, report]), WeeklySummary.Build(subscription, new DateOnly(2026, 3, 9), [("x", report)], []) })
        {
            Assert.All(reply.Table!.Columns, c => Assert.False(string.IsNullOrWhiteSpace(c)));
            var card = AdaptiveCardRenderer.Render(reply).ToJsonString();
            Assert.DoesNotContain("\"text\":\" \"", card, StringComparison.Ordinal);
        }
    }
}
