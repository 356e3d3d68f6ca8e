using System.Net.Http.Json;
using System.Text.Json;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Commands;

/// <summary>What commands answer, through the playground's real command path (the same dispatcher Slack and Teams use).</summary>
public sealed class CommandReplyTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    public async Task InitializeAsync() => _host = await SampleHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The reply's summary, its HTML card and its Block Kit JSON.</summary>
    private async Task<(string Summary, string Html, string BlockKit)> RunAsync(string text)
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/run", new { text });
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("summary").GetString()!, answer.GetProperty("html").GetString()!, answer.GetProperty("blockKit").GetString()!);
    }

    [Fact]
    public async Task AnAliasCannotShadowACatalogProject()
    {
        var (summary, _, _) = await RunAsync("alias cilium acme/rocket");
        Assert.Contains("cilium is a catalog project", summary, StringComparison.Ordinal);

        var (after, _, _) = await RunAsync("alias cilium");
        Assert.Contains("catalog project cilium → cilium/cilium", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AliasWithJustANameSaysWhereItResolves()
    {
        await RunAsync("alias mine acme/rocket");

        Assert.Contains("mine is an alias in this workspace → acme/rocket", (await RunAsync("alias mine")).Summary, StringComparison.Ordinal);
        Assert.Contains("owner/repo, used as given", (await RunAsync("alias acme/other")).Summary, StringComparison.Ordinal);
        Assert.Contains("names nothing here", (await RunAsync("alias nothing-here")).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VendorResetGoesBackToTheCatalogListAndIsLogged()
    {
        await RunAsync("vendor cilium add Foo foo.io");
        Assert.Contains("(this workspace)", (await RunAsync("vendor cilium")).Html, StringComparison.Ordinal);

        var (summary, _, _) = await RunAsync("vendor cilium reset");
        var (_, html, _) = await RunAsync("vendor cilium");

        Assert.Contains("catalog list is in force", summary, StringComparison.Ordinal);
        Assert.Contains("Vendors (catalog)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>• Foo", html, StringComparison.Ordinal);
        Assert.Contains("reset to the default list", html, StringComparison.Ordinal);
        Assert.Contains("added Foo (foo.io)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddingAnOrganisationThatIsAlreadyAVendorSaysSo()
    {
        var (summary, _, _) = await RunAsync("vendor backstage add Roadie roadie.io");
        Assert.Contains("Roadie is already a vendor", summary, StringComparison.Ordinal);
        Assert.Contains("(catalog)", (await RunAsync("vendor backstage")).Html, StringComparison.Ordinal);

        var (more, _, _) = await RunAsync("vendor backstage add Roadie roadie.com");
        Assert.Contains("was already a vendor; domains added: roadie.com", more, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddingAVendorNeedsADomain()
    {
        var (summary, html, _) = await RunAsync("vendor acme/rocket add Foo");

        Assert.Contains("at least one of its email domains (like foo.com)", summary, StringComparison.Ordinal);
        Assert.Contains("add &lt;org&gt; &lt;domain&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DayAndTimeWithAlertsOnlyAreRefusedRatherThanDropped()
    {
        await RunAsync("watchlist create infra");

        var (summary, _, _) = await RunAsync("subscribe infra alerts day=fri time=17:30");

        Assert.Contains("day=, time= and tz= set when the weekly summary comes", summary, StringComparison.Ordinal);
        Assert.Contains("subscribe infra alerts weekly day=fri time=17:30", summary, StringComparison.Ordinal);
        Assert.Contains("No subscriptions", (await RunAsync("subscriptions")).Summary, StringComparison.Ordinal);
        Assert.Contains("Friday at 17:30", (await RunAsync("subscribe infra alerts weekly day=fri time=17:30")).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeListShowsTheSubscriptions()
    {
        Assert.Equal("No subscriptions in this channel", (await RunAsync("subscribe list")).Summary);
    }

    [Theory]
    [InlineData("subscribe acme/rocket")]
    [InlineData("subscribe cilium")]
    public async Task SubscribingToAProjectWatchesItAndSaysSo(string text)
    {
        var project = text.Split(' ')[1];

        var (summary, html, _) = await RunAsync(text);

        Assert.Contains($"Watching {project}", summary, StringComparison.Ordinal);
        Assert.Contains($"is a project, not a watchlist, so I did what /momentum watch {project} does", html, StringComparison.Ordinal);
        Assert.Contains("watch-playground", (await RunAsync("subscriptions")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribingToAProjectWithOptionsKeepsThem()
    {
        var (_, html, _) = await RunAsync("subscribe acme/rocket weekly day=fri time=17:30 sensitivity=high");

        Assert.Contains("is a project, not a watchlist", html, StringComparison.Ordinal);
        var (_, subscriptions, _) = await RunAsync("subscriptions");
        Assert.Contains("watch-playground in playground: weekly summary on Friday at 17:30 UTC, sensitivity high", subscriptions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribingToNothingKnownSaysWhatToType()
    {
        var (_, html, _) = await RunAsync("subscribe nothing-here");

        Assert.Contains("/momentum watch &lt;project&gt;", html, StringComparison.Ordinal);
        Assert.Contains("/momentum subscriptions", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchlistShowOfTwoHundredProjectsLosesNone()
    {
        await RunAsync("watchlist create big");
        var names = Enumerable.Range(0, 200).Select(i => $"owner-number-{i:D3}/repository-{i:D3}").ToArray();
        foreach (var chunk in names.Chunk(20))
        {
            await RunAsync("watchlist add big " + string.Join(' ', chunk));
        }

        var (summary, html, blockKit) = await RunAsync("watchlist show big");

        Assert.Equal("big: 200 projects", summary);
        using var message = JsonDocument.Parse(blockKit);
        var text = string.Join('\n', message.RootElement.GetProperty("blocks").EnumerateArray()
            .Where(b => b.TryGetProperty("text", out _)).Select(b => b.GetProperty("text").GetProperty("text").GetString()));
        Assert.All(names, n => Assert.Contains(n, text, StringComparison.Ordinal));
        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
        Assert.All(names, n => Assert.Contains(n, html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CountsReadInTheRightNumber()
    {
        await RunAsync("watchlist create one");
        await RunAsync("watchlist add one acme/rocket");

        Assert.Contains("one: 1 project,", (await RunAsync("watchlists")).Html.Replace("• ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("one: 1 project", (await RunAsync("watchlist show one")).Summary);
    }

    [Fact]
    public async Task FormattingCharactersInNamesStayLiteralInSlack()
    {
        var (_, _, blockKit) = await RunAsync("vendor acme/rocket add \"*Bold* Industries\" bold.example");

        Assert.Contains("\u200D*Bold\u200D* Industries", blockKit, StringComparison.Ordinal);
        Assert.DoesNotContain(" *Bold* ", blockKit, StringComparison.Ordinal);
    }
}
