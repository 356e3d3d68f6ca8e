using Microsoft.Playwright;
using Momentum.Bot.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Momentum.Bot.Tests.Playground;

/// <summary>
/// The playground page in headless Chromium against the real host in demo mode on Kestrel: what a person typing into
/// the page sees. Each test has its own host and Redis prefix; the browser is shared by the class.
/// </summary>
public sealed class PlaygroundBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IAsyncLifetime
{
    // The first look at a demo project ingests its generated two-year history through the GitHub path.
    private const float Timeout = 30_000;

    private KestrelDemoApp _app = null!;
    private IPage _page = null!;

    private ILocator Title => _page.Locator("#reply .card h2");

    public async Task InitializeAsync()
    {
        _app = new KestrelDemoApp();
        _page = await chromium.NewPageAsync(_app.Start());
        _page.SetDefaultTimeout(Timeout);
        await _page.GotoAsync("/");
    }

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        await _app.DisposeAsync();
    }

    private async Task AskAsync(string text)
    {
        await _page.Locator("#ask #text").FillAsync(text);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Run" }).ClickAsync();
    }

    [Fact]
    public async Task TypingADemoProjectShowsItsMomentumCardAndTheBlockKitBehindIt()
    {
        await AskAsync("rocket");

        await Expect(Title).ToContainTextAsync("rocket (demo data)", new() { Timeout = Timeout });
        var title = await Title.TextContentAsync();
        Assert.Contains("rocket (demo data)", title, StringComparison.Ordinal);
        Assert.Contains("momentum", title, StringComparison.Ordinal);
        await Expect(_page.Locator("#reply .card .facts dt", new() { HasText = "End-user share" })).ToBeVisibleAsync(new() { Timeout = Timeout });

        var blocks = _page.Locator("pre#blocks");
        await Expect(blocks).ToBeHiddenAsync();
        await _page.Locator("#toggle").CheckAsync();
        await Expect(blocks).ToBeVisibleAsync();
        await Expect(blocks).ToContainTextAsync("\"type\": \"header\"");
        Assert.Contains("rocket (demo data)", await blocks.TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCardShowsItsChartAsTheSamePngTheChatsGet()
    {
        await AskAsync("rocket");

        var image = _page.Locator("#reply .card figure.chart img");
        await Expect(image).ToBeVisibleAsync(new() { Timeout = Timeout });
        Assert.Equal(1600, await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0"));
        Assert.Equal(600, await image.EvaluateAsync<int>("img => img.naturalHeight"));
        Assert.Contains("contributors per week", await image.GetAttributeAsync("alt"), StringComparison.Ordinal);
        // Kept as a test artefact: what a person sees.
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;
        await _page.Locator("#reply .card").ScreenshotAsync(new() { Path = Path.Combine(folder, "playground-card-chart.png") });
        Assert.True(new FileInfo(Path.Combine(folder, "playground-card-chart.png")).Length > 0);
    }

    [Fact]
    public async Task AMisspelledProjectIsAnsweredWithTheNearestCatalogName()
    {
        await AskAsync("cillium");

        await Expect(Title).ToHaveTextAsync("I don't know 'cillium'", new() { Timeout = Timeout });
        var card = _page.Locator("#reply .card");
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\btone-error\b"));
        await Expect(card).ToContainTextAsync("Did you mean 'cilium'");
        await Expect(card).ToContainTextAsync("Known projects:");
    }

    [Fact]
    public async Task TheRefreshButtonOnACardBringsBackAFreshCard()
    {
        await AskAsync("rocket");
        await Expect(Title).ToContainTextAsync("rocket (demo data)", new() { Timeout = Timeout });
        // Mark the card on screen, so the one after the click is known to be a new one.
        await _page.Locator("#reply .card").EvaluateAsync("card => card.dataset.before = 'refresh'");

        var response = await _page.RunAndWaitForResponseAsync(
            () => _page.Locator("#reply .card button[data-action=refresh]").ClickAsync(),
            r => r.Url.EndsWith("/playground/run", StringComparison.Ordinal),
            new() { Timeout = Timeout });

        Assert.Equal(200, response.Status);
        Assert.Contains("\"action\":\"refresh\"", response.Request.PostData, StringComparison.Ordinal);
        await Expect(_page.Locator("#reply .card[data-before]")).ToHaveCountAsync(0);
        await Expect(_page.Locator("#reply .card")).ToHaveCountAsync(1);
        await Expect(Title).ToContainTextAsync("rocket (demo data)");
        await Expect(Title).ToContainTextAsync("momentum");
        await Expect(_page.Locator("#reply .card button[data-action=refresh]")).ToBeVisibleAsync();
    }
}
