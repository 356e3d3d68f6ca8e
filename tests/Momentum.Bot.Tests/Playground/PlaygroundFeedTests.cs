using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Cards;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Slack;

namespace Momentum.Bot.Tests.Playground;

/// <summary>The playground is a chat platform of its own: its subscriptions' alerts and summaries land in its feed.</summary>
public sealed class PlaygroundFeedTests : IAsyncLifetime
{
    private SampleHost _host = null!;

    public async Task InitializeAsync() => _host = await SampleHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AnAlertForThePlaygroundChannelIsDeliveredToItsFeed()
    {
        var services = _host.App.Services;
        var report = BlockKitRendererTests.LargeReport("Feed Corp");
        var alert = SpikeAlert.Build(report, report.Report.Spikes[^1], "acme/rocket");
        var target = new ChatTarget(Platform.Playground, "playground", "playground");
        const string id = "alert-feed-test";
        Assert.True(await services.GetRequiredService<OutboxStore>().EnqueueAsync(id, "alert", target, System.Text.Json.JsonSerializer.Serialize(alert, ReplyJsonContext.Default.Reply), _host.App.Clock.GetUtcNow()));

        Assert.True(await services.GetRequiredService<OutboxDelivery>().DeliverAsync(id, CancellationToken.None));

        var feed = await _host.Client.GetFromJsonAsync<JsonElement>("/playground/feed");
        var post = Assert.Single(feed.EnumerateArray());
        Assert.StartsWith("End-user contributors to Feed Corp", post.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("<h2>End-user spike: Feed Corp</h2>", post.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePlaygroundCardHasTheCompareMenuAndTheSparklineScale()
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/run", new { text = "acme/rocket" });
        var html = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("html").GetString()!;

        Assert.Contains("<select data-action=\"compare\"", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"acme/rocket cilium\">cilium</option>", html, StringComparison.Ordinal);
        Assert.Contains("<small class=\"scale\">max ", html, StringComparison.Ordinal);
    }
}
