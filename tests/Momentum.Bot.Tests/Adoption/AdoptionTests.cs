using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Adoption;
using Momentum.Bot.Catalog;
using Momentum.Bot.Store;
using Momentum.Bot.Cards;
using Momentum.Bot.Chat;
using Momentum.Bot.Slack;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Adoption;

/// <summary>
/// Adoption beside contribution, end to end: a scheduled watchlist scan reads the project's packages from deps.dev, npm,
/// crates.io and Docker Hub (local fakes of their wire formats), and the Slack card and the API show the numbers labelled
/// as lagging and corroborating; failures say unavailable without touching the rest; the score never moves.
/// </summary>
public sealed class AdoptionTests
{
    private static string Text(JsonElement element) => JsonText.Of(element);

    private static ReplySection? Section(Reply card) => card.Sections.SingleOrDefault(s => s.Heading == AdoptionSection.Heading);

    private static async Task<JsonElement> ApiAsync(AdoptionHost host)
    {
        var response = await host.Host.Client.GetAsync(new Uri("/api/v1/projects/acme/rocket/momentum", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task AScheduledScanReadsEverySourceAndTheSlackCardAndTheApiShowThemAsLagging()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await AdoptionHost.StartAsync(new() { ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString() });

        await host.ScanAsync();

        var response = await host.Host.Client.SendAsync(SlackRequests.Sign(
            "/slack/commands", SlackRequests.SlashCommand("rocket", slack.ResponseUrl("a1")), "application/x-www-form-urlencoded", host.Host.App.Clock.GetUtcNow()));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var card = Text(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
        Assert.Contains("Adoption (lagging, corroborating; not in the score)", card, StringComparison.Ordinal);
        Assert.Contains("npm · npm @acme/rocket: 12,345 downloads last week (week to 2026-03-15), as of 2026-03-18", card, StringComparison.Ordinal);
        Assert.Contains("crates.io · cargo rocket-core: 4,321 downloads last 90 days (98,765 all time)", card, StringComparison.Ordinal);
        Assert.Contains("deps.dev · go github.com/acme/rocket: 210 dependent packages (37 direct, of version v1.4.2)", card, StringComparison.Ordinal);
        Assert.Contains("Docker Hub · docker acme/rocket: 5,000,000 pulls, all time", card, StringComparison.Ordinal);

        var api = await ApiAsync(host);
        var adoption = api.GetProperty("adoption").EnumerateArray().ToList();
        Assert.Equal(6, adoption.Count); // npm: npm and deps.dev; cargo: crates.io and deps.dev; go: deps.dev; docker: Docker Hub
        Assert.All(adoption, a => Assert.Equal("lagging, corroborating (not in the score)", a.GetProperty("signal").GetString()));
        var pulls = adoption.Single(a => a.GetProperty("source").GetString() == "Docker Hub");
        Assert.Equal(5_000_000, pulls.GetProperty("value").GetInt64());
        Assert.Equal(JsonValueKind.Null, pulls.GetProperty("unavailable").ValueKind);

        // Every request named us (crates.io refuses requests without a User-Agent), and deps.dev's name was one escaped segment.
        Assert.All(host.Fake.Calls, c => Assert.StartsWith("momentum-bot", c.UserAgent, StringComparison.Ordinal));
        Assert.Contains(host.Fake.Calls, c => c.Path == "/depsdev/v3alpha/systems/go/packages/github.com%2Facme%2Frocket/versions/v1.4.2:dependents");

        // The card with its adoption lines stays valid on both platforms.
        var reply = await host.CardAsync();
        using var validators = new CardValidators();
        validators.AddBlockKit("adoption", SlackMessages.Message(reply));
        validators.AddAdaptiveCard("adoption", AdaptiveCardRenderer.Message(reply)["attachments"]![0]!["content"]!);
        var (code, output) = await validators.RunAsync();
        Assert.True(code == 0, output);

        // Asked again with the same readings, it is the same reply (its rendered bytes and its Slack chart upload reused),
        // and within AdoptionReadings.Remembered the readings are not read from Redis again.
        host.Host.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await host.CardAsync();
        await host.Host.App.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase()
            .KeyDeleteAsync(host.Host.App.Services.GetRequiredService<RedisKeys>().AdoptionReading("Npm", new PackageId("npm", "@acme/rocket")));
        Assert.Same(first, await host.CardAsync());
        host.Host.App.Clock.Advance(AdoptionReadings.Remembered);
        Assert.Contains("npm · npm @acme/rocket: unavailable (not read yet)", Text(JsonDocument.Parse(SlackMessages.Message(await host.CardAsync()).ToJsonString()).RootElement), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingSourcesSayUnavailableAndTheScoreAndTheRestOfTheCardAreAsWithoutAdoption()
    {
        await using var failing = await AdoptionHost.StartAsync(new() { ["Adoption:Timeout"] = "00:00:00.300" }, fake: f =>
        {
            f.Faults["/dockerhub/"] = new AdoptionFault(500);
            f.Faults["/crates/"] = new AdoptionFault(Malformed: true);
            f.Faults["/npm/"] = new AdoptionFault(Hang: true);
            f.DepsDev.TryRemove("go:github.com/acme/rocket", out _);
        });
        await using var without = await AdoptionHost.StartAsync(adoption: false);

        var summary = await failing.ScanAsync();
        await without.ScanAsync();

        Assert.True(summary.Ran);
        var lines = Section(await failing.CardAsync())!.Lines;
        Assert.Contains("• Docker Hub · docker acme/rocket: unavailable (HTTP 500)", lines);
        Assert.Contains("• crates.io · cargo rocket-core: unavailable (malformed answer)", lines);
        Assert.Contains("• npm · npm @acme/rocket: unavailable (timed out)", lines);
        Assert.Contains("• deps.dev · go github.com/acme/rocket: unavailable (unknown package)", lines);
        Assert.Contains(lines, l => l.StartsWith("• deps.dev · npm @acme/rocket: 56 dependent packages", StringComparison.Ordinal));

        var (a, b) = (await failing.CardAsync(), await without.CardAsync());
        Assert.Null(Section(b));
        Assert.Equal(b.Title, a.Title);
        Assert.Equal(b.Facts, a.Facts);
        Assert.Equal(b.Sections.Select(s => (s.Heading, string.Join("\n", s.Lines))), a.Sections.Where(s => s.Heading != AdoptionSection.Heading).Select(s => (s.Heading, string.Join("\n", s.Lines))));
        var (withApi, withoutApi) = (await ApiAsync(failing), await ApiAsync(without));
        Assert.Equal(withoutApi.GetProperty("momentum").GetRawText(), withApi.GetProperty("momentum").GetRawText());
        Assert.Equal(withoutApi.GetProperty("window").GetRawText(), withApi.GetProperty("window").GetRawText());
        Assert.Empty(withoutApi.GetProperty("adoption").EnumerateArray());
        Assert.Empty(without.Fake.Calls);
    }

    [Fact]
    public async Task ARepeatWithinMaxAgeMakesNoRequestAndALaterOneAsksWithTheETag()
    {
        await using var host = await AdoptionHost.StartAsync();
        await host.ScanAsync();
        var first = host.Fake.Calls.Count;
        Assert.Equal(9, first); // deps.dev twice (package, then dependents) for each of 3 packages; npm, crates.io, Docker Hub once

        await host.ScanAsync();
        Assert.Equal(first, host.Fake.Calls.Count);

        host.Host.App.Clock.Advance(TimeSpan.FromHours(13));
        await host.ScanAsync();

        var again = host.Fake.Calls.Skip(first).ToList();
        Assert.Contains(again, c => c.Path.StartsWith("/dockerhub/", StringComparison.Ordinal) && c.IfNoneMatch is not null);
        Assert.Contains("• Docker Hub · docker acme/rocket: 5,000,000 pulls, all time, as of 2026-03-19", Section(await host.CardAsync())!.Lines);
    }

    [Fact]
    public async Task A429BlocksTheSourceUntilItsRetryAfterAndAnOldReadingIsNeverShownAsCurrent()
    {
        await using var host = await AdoptionHost.StartAsync();
        await host.ScanAsync();
        host.Fake.Faults["/dockerhub/"] = new AdoptionFault(429, RetryAfterSeconds: 3600);
        host.Host.App.Clock.Advance(TimeSpan.FromHours(13));

        await host.ScanAsync();
        Assert.Contains("• Docker Hub · docker acme/rocket: unavailable (rate-limited)", Section(await host.CardAsync())!.Lines);
        var asked = host.Fake.CallsUnder("/dockerhub/");

        host.Fake.Faults.Clear();
        host.Host.App.Clock.Advance(TimeSpan.FromMinutes(30));
        await host.ScanAsync();
        Assert.Equal(asked, host.Fake.CallsUnder("/dockerhub/"));

        host.Host.App.Clock.Advance(TimeSpan.FromMinutes(31));
        await host.ScanAsync();
        Assert.Equal(asked + 1, host.Fake.CallsUnder("/dockerhub/"));
        Assert.Contains(Section(await host.CardAsync())!.Lines, l => l.StartsWith("• Docker Hub · docker acme/rocket: 5,000,000 pulls", StringComparison.Ordinal));

        // Nothing fetched for longer than StaleAfter (the sources turned off meanwhile): the number goes, the reason stays.
        host.Fake.Faults["/"] = new AdoptionFault(503);
        host.Host.App.Clock.Advance(TimeSpan.FromDays(4));
        await host.ScanAsync();
        Assert.All(Section(await host.CardAsync())!.Lines, l => Assert.Contains("unavailable", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASourceTurnedOffAndASpentBudgetMakeNoRequests()
    {
        await using var host = await AdoptionHost.StartAsync(new()
        {
            ["Adoption:DockerHub:Enabled"] = "false",
            ["Adoption:DepsDev:RequestsPerHour"] = "3",
        });

        await host.ScanAsync();

        Assert.Equal(0, host.Fake.CallsUnder("/dockerhub/"));
        Assert.Equal(3, host.Fake.CallsUnder("/depsdev/"));
        var lines = Section(await host.CardAsync())!.Lines;
        Assert.DoesNotContain(lines, l => l.Contains("Docker Hub", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("unavailable (this hour's request budget is spent)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswersOfTheWrongShapeAreUnavailableNotNumbers()
    {
        await using var host = await AdoptionHost.StartAsync(fake: f =>
        {
            f.Faults["/npm/"] = new AdoptionFault(Body: """{"downloads":"lots","package":"@acme/rocket"}""");
            f.Faults["/dockerhub/"] = new AdoptionFault(Body: """{"pull_count":-5}""");
            f.Faults["/crates/"] = new AdoptionFault(Body: """[1,2,3]""");
            f.Faults["/depsdev/v3/systems/go/"] = new AdoptionFault(Body: """{"versions":[{"versionKey":{"version":"v0.1.0"},"isDefault":false}]}""");
        });

        await host.ScanAsync();

        var lines = Section(await host.CardAsync())!.Lines;
        Assert.Contains("• npm · npm @acme/rocket: unavailable (malformed answer ('downloads' is not a count))", lines);
        Assert.Contains("• Docker Hub · docker acme/rocket: unavailable (malformed answer ('pull_count' is not a count))", lines);
        Assert.Contains("• crates.io · cargo rocket-core: unavailable (malformed answer (no 'crate'))", lines);
        Assert.Contains("• deps.dev · go github.com/acme/rocket: unavailable (no default version)", lines);
    }
}
