using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Catalog;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Reports;

/// <summary>
/// The progressive first answer (<c>GitHub__FirstAnswerWeeks</c>): a never-seen project answers from its last 16
/// complete weeks, says the rest is loading, and the rest of its history loads behind the answer — once, however
/// often it is asked meanwhile — after which it answers from the whole history without the note.
/// </summary>
public sealed class FirstAnswerTests : IAsyncLifetime
{
    private const string Repository = "acme/longhistory";
    private const string Path = "/api/v1/projects/acme/longhistory/momentum";

    private SampleHost _host = null!;

    public async Task InitializeAsync()
    {
        var data = new LocalGitHubData();
        var repo = data.AddRepository(Repository);
        var n = 0;
        string Sha() => LocalGitHubData.Sha($"{Repository}/{n++}");
        lock (data.Sync)
        {
            // A maintainer every week for 60 weeks; an end user from early.io only in weeks 30-60, before the first answer's reach.
            for (var w = 60; w >= 1; w--)
            {
                repo.Commits.Add(SampleRepository.Commit(Sha(), null, "keeper@users.noreply.github.com", w));
                repo.Commits.Add(SampleRepository.Commit(Sha(), null, w >= 30 ? "dev@early.io" : $"dev{w % 3}@late.io", w, hour: 12));
            }
        }

        _host = await SampleHost.StartOnAsync(data, new() { ["GitHub:FirstAnswerWeeks"] = "16" });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> AskAsync()
    {
        var response = await _host.Client.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Warnings(JsonElement body) =>
        [.. body.GetProperty("dataQuality").GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!)];

    private static int CommitsOlderThan(JsonElement body, int weeksAgo)
    {
        var weeks = body.GetProperty("weeks").EnumerateArray().ToArray();
        return weeks.Take(Math.Max(0, weeks.Length - 1 - weeksAgo)).Sum(w => w.GetProperty("commits").GetInt32());
    }

    [Fact]
    public async Task ANeverSeenProjectAnswersFromItsRecentWeeksAndTheRestLoadsBehindTheAnswer()
    {
        // The rest of the history is read by REST with an 'until' (the weeks before the first answer's start): held.
        var rest = _host.GitHub.Hold("until=");
        var current = Week.Of(_host.App.Clock.GetUtcNow());

        var first = await AskAsync();
        Assert.Contains(Warnings(first), w => w.StartsWith($"Based on the last 16 weeks of {Repository}: the rest of its history (104 weeks) and of its contributors' GitHub profiles is loading", StringComparison.Ordinal));
        Assert.Equal(current.Plus(-16).Start, first.GetProperty("historyStart").Deserialize<DateOnly>());
        Assert.Equal(0, CommitsOlderThan(first, 16));
        Assert.True(first.GetProperty("momentum").TryGetProperty("score", out _), "the first answer has its score");

        // The rest is on its way, behind the answer; asked again meanwhile, the answer does not wait and starts no second load.
        await rest.Reached;
        var meanwhile = await AskAsync();
        Assert.Contains(Warnings(meanwhile), w => w.Contains("is loading", StringComparison.Ordinal));

        rest.Release();
        var activity = _host.App.Services.GetRequiredService<ActivityStore>();
        var horizon = current.Plus(-104 + 1);
        await Eventually.TrueAsync(async () => (await activity.GetStateAsync(RepositoryId.Parse(Repository))).HistoryStart is { } start && start <= horizon, "the rest of the history to load");
        await Eventually.TrueAsync(async () => (await _host.App.Services.GetRequiredService<ScanProgressStore>().ListedAsync()).Count == 0, "the background scan to end");

        // One load of the rest: the first page of the older commits was asked for once.
        Assert.Single(_host.GitHub.Requests, r => r.PathAndQuery.Contains("/commits?", StringComparison.Ordinal) && r.PathAndQuery.Contains("until=", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.Match(r.PathAndQuery, "[?&]page=([0-9]+)") is var page && (!page.Success || page.Groups[1].Value == "1"));

        var full = await AskAsync();
        Assert.DoesNotContain(Warnings(full), w => w.Contains("is loading", StringComparison.Ordinal));
        Assert.True(full.GetProperty("historyStart").Deserialize<DateOnly>() < first.GetProperty("historyStart").Deserialize<DateOnly>());
        // Weeks 30-60 ago, outside the first answer's reach, are in the full one: the maintainer's and early.io's commits.
        Assert.Equal(60 - 16, CommitsOlderThan(full, 16) / 2);
    }

    [Fact]
    public async Task AnAskerNeedingFewerWeeksThanTheRunningScanWaitsForItsListingsOnly()
    {
        // A long scan is held at its profile lookups, which come after its listings are stored.
        var profiles = _host.GitHub.Hold("/users/");
        var scans = _host.App.Services.GetRequiredService<ScanCoordinator>();
        var id = RepositoryId.Parse(Repository);
        var whole = scans.ScanAsync(id, ScanPriority.Background, 104);
        await profiles.Reached;

        // A first answer asked for now (it read no stored scan a moment ago) joins it, and is not held with it.
        var first = scans.ScanAsync(id, ScanPriority.Interactive, 16);
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(whole.IsCompleted, "the long scan finished before its profiles were let through");

        profiles.Release();
        await whole;
    }

    [Fact]
    public async Task SomeoneAskingWhileTheRestLoadsReadsTheStoredWeeksAndLeavesTheLoadInTheBackground()
    {
        // Background requests wait at the rate-limit reserve (its reset an hour away on a clock that never moves); a
        // person's may spend it. So the load of the rest pauses, and only a person joining it would get it going.
        await using var host = await SampleHost.StartOnAsync(_host.GitHub.Data, new()
        {
            ["GitHub:FirstAnswerWeeks"] = "16",
            ["GitHub:RateLimitReserve"] = "5000",
            ["GitHub:MaxRateLimitWait"] = "02:00:00",
            ["GitHub:GraphQL"] = "off",
        }, new FakeTimeProvider(MomentumApp.Now));
        var first = await host.Client.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains(Warnings(await first.Content.ReadFromJsonAsync<JsonElement>()), w => w.Contains("is loading", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => host.App.Metrics.Total("momentum.github.waiting") >= 1, "the load of the rest to pause at the reserve");
        var sent = host.GitHub.Requests.Count;

        // Someone who read "nothing stored" a moment before the first answer's scan landed asks for their 16 weeks now.
        var asker = host.App.Services.GetRequiredService<ScanCoordinator>().ScanAsync(RepositoryId.Parse(Repository), ScanPriority.Interactive, 16);
        await asker.WaitAsync(TimeSpan.FromSeconds(30));

        // They read the stored weeks; the load stayed a background one, still paused, with nothing more sent.
        Assert.Equal(sent, host.GitHub.Requests.Count);
        Assert.True(host.App.Metrics.Total("momentum.github.waiting") >= 1, "the load of the rest went on as a person's");
    }

    [Fact]
    public async Task TheSlackCardSaysItRestsOnTheRecentWeeks()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SampleHost.StartOnAsync(_host.GitHub.Data, new()
        {
            ["GitHub:FirstAnswerWeeks"] = "16",
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        });

        var response = await host.Client.SendAsync(SlackRequests.Sign(
            "/slack/commands", SlackRequests.SlashCommand(Repository, slack.ResponseUrl("f1")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));
        var answer = await response.Content.ReadAsStringAsync();
        if (!answer.Contains("acme/longhistory", StringComparison.Ordinal) || answer.Contains("Working on it", StringComparison.Ordinal))
        {
            // Slower than Slack's window: the card came through the response URL instead.
            answer = (await slack.WaitForAsync(c => c.Path == "/response/f1" && c.Body.Contains("blocks", StringComparison.Ordinal))).Body;
        }

        Assert.Contains("Based on the last 16 weeks of acme/longhistory", answer, StringComparison.Ordinal);
        Assert.Contains("is loading", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonWhoNamesNoHistoryWaitsForTheWholeOfItWhenTheFirstAnswerIsOff()
    {
        await using var host = await SampleHost.StartOnAsync(_host.GitHub.Data, new() { ["GitHub:FirstAnswerWeeks"] = "0" });
        var response = await host.Client.GetAsync(Path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(Warnings(body), w => w.Contains("is loading", StringComparison.Ordinal));
        Assert.Equal(60 - 16, CommitsOlderThan(body, 16) / 2);
    }
}
