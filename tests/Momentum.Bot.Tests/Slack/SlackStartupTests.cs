using System.Net;
using Microsoft.Extensions.Options;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Slack;

/// <summary>What the host does with half a Slack configuration (refuses to start) and with none (serves no Slack endpoints).</summary>
public sealed class SlackStartupTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync(new LocalGitHubData());

    public async Task DisposeAsync() => await _github.DisposeAsync();

    private static Dictionary<string, string?> Settings(string settings) => settings
        .Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => s.Split('=', 2))
        .ToDictionary(kv => kv[0], kv => (string?)kv[1], StringComparer.Ordinal);

    [Theory]
    [InlineData("Slack:BotToken=xoxb-x", "Slack__SigningSecret")]
    [InlineData("Slack:ClientId=1.2;Slack:ClientSecret=s", "Slack__SigningSecret")]
    [InlineData("Slack:SigningSecret=8f742231b10e8888abcd99yyyzzz85a5;Slack:ClientId=1.2", "Slack__ClientSecret")]
    [InlineData("Slack:AppToken=xapp-x", "Slack__BotToken")]
    [InlineData("Slack:SigningSecret=8f742231b10e8888abcd99yyyzzz85a5;Slack:MaxBodyBytes=10", "Slack__MaxBodyBytes")]
    public async Task AHalfConfiguredSlackAppStopsStartUpNamingTheMissingVariable(string settings, string named)
    {
        await using var app = new MomentumApp(_github, Settings(settings));

        var thrown = Record.Exception(() => app.CreateClient());

        Assert.NotNull(thrown);
        var validation = Chain(thrown).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, $"expected an OptionsValidationException, got: {thrown}");
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoSlackSettingsNoSlackEndpointIsServed()
    {
        await using var app = new MomentumApp(_github);
        using var client = app.CreateClient();
        var now = app.Clock.GetUtcNow();
        var command = SlackRequests.SlashCommand("help", new Uri("http://127.0.0.1:9/response/x"));

        var unsigned = await client.PostAsync(new Uri("/slack/commands", UriKind.Relative), new StringContent(command, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var signed = await client.SendAsync(SlackRequests.Sign("/slack/commands", command, "application/x-www-form-urlencoded", now));
        var events = await client.SendAsync(SlackRequests.Sign("/slack/events", """{"type":"url_verification","challenge":"c"}""", "application/json", now));
        var interactivity = await client.SendAsync(SlackRequests.Sign("/slack/interactivity", "payload=%7B%7D", "application/x-www-form-urlencoded", now));
        var install = await client.GetAsync(new Uri("/slack/install", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, signed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, interactivity.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, install.StatusCode);
        // The host itself is up: it is the Slack routes that are missing.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
