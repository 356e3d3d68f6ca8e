using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Cards;
using Momentum.Bot.Charts;
using Momentum.Bot.Slack;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Charts;

/// <summary>Charts reaching chat: signed URLs served by the host, Slack image blocks and uploads, Teams images, the API.</summary>
public sealed class ChartDeliveryTests
{
    private const string Key = "a-test-signing-key-of-at-least-32-chars";
    private static readonly Uri PublicBase = new("https://momentum.example.com/");

    private static Dictionary<string, string?> Public(FakeSlack? slack = null)
    {
        var settings = new Dictionary<string, string?> { ["Momentum:PublicBaseUrl"] = PublicBase.AbsoluteUri, ["Charts:SigningKey"] = Key };
        if (slack is not null)
        {
            settings["Slack:SigningSecret"] = SlackRequests.Secret;
            settings["Slack:BotToken"] = "xoxb-test-token";
            settings["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString();
        }

        return settings;
    }

    private static string PathOf(Uri url) => url.PathAndQuery;

    [Fact]
    public async Task ASignedChartUrlServesThePngAndNothingElseUnderChartsIsReadable()
    {
        await using var host = await SampleHost.StartAsync(Public());
        var publisher = host.App.Services.GetRequiredService<ChartPublisher>();
        var reply = await publisher.PublishAsync(MomentumCard.Build(ChartSamples.SplitReport(), "acme/split", inChannel: false));
        var url = reply.Charts[0].Url!;
        Assert.StartsWith("https://momentum.example.com/charts/", url.AbsoluteUri, StringComparison.Ordinal);

        var ok = await host.Client.GetAsync(PathOf(url));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("image/png", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal(reply.Charts[0].Png, await ok.Content.ReadAsByteArrayAsync());

        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var sig = query["sig"]!;
        var tampered = new[]
        {
            $"/charts/{reply.Charts[0].Id}.png?exp={query["exp"]}&sig={(sig[0] == 'a' ? 'b' : 'a')}{sig[1..]}",
            $"/charts/{reply.Charts[0].Id}.png?exp={long.Parse(query["exp"]!, System.Globalization.CultureInfo.InvariantCulture) + 3600}&sig={sig}",
            $"/charts/{reply.Charts[0].Id[..31]}{(reply.Charts[0].Id[31] == '0' ? '1' : '0')}.png?exp={query["exp"]}&sig={sig}",
            $"/charts/{reply.Charts[0].Id}.png",
            "/charts/", "/charts/x.png", "/charts/Fonts/DejaVuSans.ttf", "/charts/LICENSE-DejaVu.txt",
        };
        foreach (var path in tampered)
        {
            var status = (await host.Client.GetAsync(path)).StatusCode;
            Assert.True(status == HttpStatusCode.Forbidden, $"{path}: {status}");
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.PostAsync(PathOf(url), new ByteArrayContent([1]))).StatusCode);
    }

    [Fact]
    public async Task AnExpiredChartUrlIsRefused()
    {
        await using var host = await SampleHost.StartAsync(Public());
        var publisher = host.App.Services.GetRequiredService<ChartPublisher>();
        var reply = await publisher.PublishAsync(MomentumCard.Build(ChartSamples.SplitReport(), "acme/split", inChannel: false));
        // A link signed with the host's own key eight days ago (links live seven days, rounded up to the hour).
        var past = new FakeTimeProvider(host.App.Clock.GetUtcNow() - TimeSpan.FromDays(8));
        var old = new ChartLinks(Options.Create(new ChartsOptions { SigningKey = Key }), Options.Create(new PublicAddressOptions { PublicBaseUrl = PublicBase }), past).For(reply.Charts[0].Id)!;

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.GetAsync(PathOf(old))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(PathOf(reply.Charts[0].Url!))).StatusCode);
        host.App.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.GetAsync(PathOf(reply.Charts[0].Url!))).StatusCode);
    }

    [Fact]
    public async Task ASlackCardWithAPublicAddressCarriesAnImageBlockWithTheSignedUrl()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SampleHost.StartAsync(Public(slack));
        await host.Client.GetAsync("/api/v1/projects/acme/rocket/momentum");

        var response = await host.Client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", slack.ResponseUrl("r1")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var image = body.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "image");
        var url = new Uri(image.GetProperty("image_url").GetString()!);
        Assert.Contains("contributors per week", image.GetProperty("alt_text").GetString(), StringComparison.Ordinal);
        var png = await host.Client.GetByteArrayAsync(PathOf(url));
        using var bitmap = ChartSamples.Decode(png);
        Assert.Equal((1600, 600), (bitmap.Width, bitmap.Height));
        Assert.DoesNotContain(slack.Calls, c => c.Path.StartsWith("/api/files.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAPublicAddressSlackGetsTheChartUploadedAndShownAsASlackFile()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SampleHost.StartAsync(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        });
        await host.Client.GetAsync("/api/v1/projects/acme/rocket/momentum");

        var response = await host.Client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", slack.ResponseUrl("r1")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var image = body.GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "image");
        var file = image.GetProperty("slack_file").GetProperty("id").GetString()!;
        Assert.True(slack.CompletedFiles.ContainsKey(file));
        using var bitmap = ChartSamples.Decode(slack.Uploads[file]);
        Assert.Equal(1600, bitmap.Width);
        var start = slack.Calls.Single(c => c.Path == "/api/files.getUploadURLExternal");
        Assert.Equal("Bearer xoxb-test-token", start.Authorization);
        Assert.Equal(slack.Uploads[file].Length, start.Json.GetProperty("length").GetInt32());

        // The same cached card is answered again without a second upload.
        await host.Client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", slack.ResponseUrl("r2")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));
        Assert.Single(slack.Calls, c => c.Path == "/api/files.getUploadURLExternal");

        // A minute later the answer is built anew, with the same picture: its file is found in Redis, not uploaded again.
        host.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await host.Client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", slack.ResponseUrl("r3")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));
        var again = (await later.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("blocks").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "image");
        Assert.Equal(file, again.GetProperty("slack_file").GetProperty("id").GetString());
        Assert.Single(slack.Calls, c => c.Path == "/api/files.getUploadURLExternal");
    }

    [Fact]
    public async Task AMissingFilesWriteScopeLeavesTheTextCardWithANote()
    {
        await using var slack = await FakeSlack.StartAsync();
        await using var host = await SampleHost.StartAsync(new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-test-token",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
        });
        await host.Client.GetAsync("/api/v1/projects/acme/rocket/momentum");
        slack.Script("files.getUploadURLExternal", 200, """{"ok":false,"error":"missing_scope","needed":"files:write","provided":"commands,chat:write"}""");

        var response = await host.Client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", slack.ResponseUrl("r1")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var blocks = body.GetProperty("blocks").EnumerateArray().ToList();
        Assert.DoesNotContain(blocks, b => b.GetProperty("type").GetString() == "image");
        Assert.Contains(blocks, b => b.GetProperty("type").GetString() == "header");
        Assert.Contains("files:write", body.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(slack.Uploads);

        // The next answers within five minutes say the same without asking Slack again; after that it is tried again.
        host.App.Clock.Advance(TimeSpan.FromMinutes(1));
        var next = await host.Client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", slack.ResponseUrl("r2")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));
        Assert.Contains("files:write", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(slack.Calls, c => c.Path == "/api/files.getUploadURLExternal");
        host.App.Clock.Advance(SlackCharts.RetryAfterFailure);
        await host.Client.SendAsync(SlackRequests.Sign("/slack/commands", SlackRequests.SlashCommand("acme/rocket", slack.ResponseUrl("r3")), "application/x-www-form-urlencoded", host.App.Clock.GetUtcNow()));
        Assert.Equal(2, slack.Calls.Count(c => c.Path == "/api/files.getUploadURLExternal"));
    }

    [Fact]
    public async Task DeliveredChartsPassTheSlackAndAdaptiveCardValidatorsAndTheTeamsCardStaysUnder28KB()
    {
        var report = ChartSamples.SplitReport("spiky", spike: true);
        var card = MomentumCard.Build(report, "acme/spiky", inChannel: true);
        var url = new Uri("https://momentum.example.com/charts/0123456789abcdef0123456789abcdef.png?exp=1790000000&sig=" + new string('a', 64));
        var byUrl = card with { Charts = [card.Charts[0] with { Url = url }] };
        var byFile = card with { Charts = [card.Charts[0] with { SlackFileId = "F00000001" }] };
        var alert = SpikeAlert.Build(report, report.Report.Spikes[^1], "acme/spiky");
        var alertByUrl = alert with { Charts = [alert.Charts[0] with { Url = url }] };

        using var validators = new CardValidators();
        validators.AddBlockKit("chart-url", SlackMessages.Message(byUrl));
        validators.AddBlockKit("chart-file", SlackMessages.Message(byFile));
        validators.AddBlockKit("alert-url", SlackMessages.Message(alertByUrl));
        var teams = AdaptiveCardRenderer.Message(byUrl);
        validators.AddAdaptiveCard("chart-url", teams["attachments"]![0]!["content"]!);
        validators.AddAdaptiveCard("alert-url", AdaptiveCardRenderer.Message(alertByUrl)["attachments"]![0]!["content"]!);
        var (exitCode, output) = await validators.RunAsync();
        Assert.True(exitCode == 0, output);

        Assert.InRange(AdaptiveCardRenderer.Bytes(teams), 1, AdaptiveCardRenderer.MaxActivityBytes);
        var image = teams["attachments"]![0]!["content"]!["body"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "Image")!;
        Assert.Equal(url.AbsoluteUri, image["url"]!.GetValue<string>());
        Assert.Contains("spike", image["altText"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTeamsAnswerCarriesTheSignedChartImage()
    {
        await using var teams = await TeamsHost.StartAsync(Public());
        await teams.Client.GetAsync("/api/v1/projects/acme/rocket/momentum");

        await teams.PostAsync(teams.ChannelMention("acme/rocket"));

        var call = await teams.Connector.WaitForAsync(c => c.Body.Contains("\"Image\"", StringComparison.Ordinal));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(call.Body) < AdaptiveCardRenderer.MaxActivityBytes);
        var image = call.Card.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Image");
        var png = await teams.Client.GetByteArrayAsync(new Uri(image.GetProperty("url").GetString()!).PathAndQuery);
        Assert.Equal(1600, ChartSamples.Decode(png).Width);
    }

    [Fact]
    public async Task ACachedCardRendersNoChartTwice()
    {
        await using var host = await SampleHost.StartAsync(Public());
        var dispatcher = host.App.Services.GetRequiredService<Momentum.Bot.Commands.CommandDispatcher>();
        var context = new Momentum.Bot.Commands.CommandContext(Momentum.Bot.Chat.Platform.Slack, "slack:T0001", "C1", "U1");
        var command = Momentum.Bot.Commands.CommandParser.Parse("acme/rocket");
        var first = await dispatcher.RunAsync(command, context);
        var again = await dispatcher.RunAsync(command, context);

        // The same reply object, so the same chart: rendered once per report, published once per reply.
        Assert.Same(first.Charts[0], again.Charts[0]);
        var publisher = host.App.Services.GetRequiredService<ChartPublisher>();
        Assert.Same(await publisher.PublishAsync(first), await publisher.PublishAsync(again));
    }

    [Fact]
    public async Task TheApiServesEachKindOfChartAndExplainsBadRequests()
    {
        await using var host = await SampleHost.StartAsync();
        foreach (var kind in new[] { "card", "compare", "summary" })
        {
            var response = await host.Client.GetAsync($"/api/v1/projects/acme/rocket/chart.png?kind={kind}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
            using var bitmap = ChartSamples.Decode(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal((1600, 600), (bitmap.Width, bitmap.Height));
            Assert.NotEmpty(response.Headers.GetValues("X-Alt-Text").Single());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/v1/projects/acme/rocket/chart.png?kind=pie")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/v1/projects/acme/rocket/chart.png?kind=compare&with=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/v1/projects/acme/rocket/chart.png?kind=card&with=acme/rocket")).StatusCode);
    }
}
