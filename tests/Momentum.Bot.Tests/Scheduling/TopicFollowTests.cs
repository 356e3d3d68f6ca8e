using System.Text.Json;
using Momentum.Bot.Demo;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Scheduling;

/// <summary>
/// <c>watchlist follow &lt;name&gt; topic:&lt;topic&gt;</c>: each weekly summary lists the topic's new entrants (above the
/// discovery bar now, not at the last summary, not on the watchlist), at most five, each with a Watch button.
/// </summary>
public sealed class TopicFollowTests : IAsyncLifetime
{
    private SchedulingHosts _hosts = null!;

    public async Task InitializeAsync() => _hosts = await SchedulingHosts.StartAsync();

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private static List<string> WatchButtons(JsonElement message) => message.GetProperty("blocks").EnumerateArray()
        .Where(b => b.GetProperty("type").GetString() == "actions")
        .SelectMany(b => b.GetProperty("elements").EnumerateArray())
        .Where(e => e.GetProperty("type").GetString() == "button" && e.GetProperty("action_id").GetString()!.EndsWith("watch", StringComparison.Ordinal))
        .Select(e => e.GetProperty("value").GetString()!)
        .ToList();

    [Fact]
    public async Task TheWeeklySummaryListsTheTopicsNewEntrantsOnceWithWatchButtons()
    {
        DiscoverCandidates.Seed(_hosts.GitHub);
        var app = _hosts.Host();
        await app.RunAsync("watchlist create infra");
        // The topic's leader is already watched: it is no entrant. (The summary reuses this run's day cache.)
        var ranking = await app.RunAsync("discover service-mesh");
        var leader = ranking.Actions[0].Value;
        await app.RunAsync($"watchlist add infra {leader}");
        var followed = await app.RunAsync("watchlist follow infra topic:service-mesh");
        Assert.Equal("infra follows topic:service-mesh", followed.Title);
        var show = await app.RunAsync("watchlist show infra");
        Assert.Contains(show.Sections, s => s.Heading == "Topics followed" && s.Lines.Any(l => l.Contains("topic:service-mesh", StringComparison.Ordinal)));
        var searches = _hosts.GitHub.SearchRequests;
        await app.RunAsync("subscribe infra weekly day=mon time=09:00 tz=UTC");

        Assert.True(await app.Get<DigestService>().RunAsync("slack:T1", "slack:C1:infra", new DateOnly(2026, 3, 23), CancellationToken.None));
        var first = (await _hosts.Slack.WaitForPathAsync("/api/chat.postMessage")).Json;
        var text = first.ToString();
        Assert.Contains("New in topic:service-mesh", text, StringComparison.Ordinal);
        var buttons = WatchButtons(first);
        Assert.Equal(5, buttons.Count);
        Assert.DoesNotContain(leader, buttons);
        Assert.Equal(searches, _hosts.GitHub.SearchRequests);
        Assert.All(buttons, b => Assert.StartsWith("niche/cand-", b, StringComparison.Ordinal));

        // A week on, one more project has risen in the topic: only it is new.
        var data = _hosts.GitHub.Data;
        var rising = data.AddRepository("niche/riser");
        lock (data.Sync)
        {
            rising.Stars = 12;
            for (var w = 26; w >= 1; w--)
            {
                for (var k = 0; k < (w > 13 ? 1 : 12); k++)
                {
                    // A week later than the candidates: weeks 1–26 before the next summary, its newest push the newest of all.
                    rising.Commits.Add(SampleRepository.Commit(LocalGitHubData.Sha($"riser/{w}/{k}"), null, $"dev{k}@riser{k}-{w % 2}.io", w - 1, hour: 8 + k));
                }
            }
        }

        _hosts.GitHub.Search.Index.Add(new SearchEntry("niche/riser", [DiscoverCandidates.Topic], "Go"));
        app.Clock.Advance(TimeSpan.FromDays(7));
        Assert.True(await app.Get<DigestService>().RunAsync("slack:T1", "slack:C1:infra", new DateOnly(2026, 3, 30), CancellationToken.None));
        await Eventually.TrueAsync(() => _hosts.Posts.Count == 2, "the second summary");
        var second = _hosts.Posts[1].Json;
        Assert.Equal(["niche/riser"], WatchButtons(second));
        Assert.Contains("New in topic:service-mesh", second.ToString(), StringComparison.Ordinal);
    }
}
