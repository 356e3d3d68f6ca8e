using System.Net;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Teams;

/// <summary>
/// The Bot Connector's JWT, checked as its spec says, through the real host: keys from a local fake OpenID/JWKS
/// endpoint, and a fake Bot Connector to show that nothing is processed after a refusal.
/// </summary>
public sealed class TeamsAuthTests : IAsyncLifetime
{
    private TeamsHost _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private DateTimeOffset Now => _teams.App.Clock.GetUtcNow();

    /// <summary>After refusals, one valid activity: if its reply is the only call the connector saw, the refused ones did nothing.</summary>
    private async Task AssertNothingProcessedAsync()
    {
        Assert.Null(await _teams.Service<TeamsConversationStore>().GetAsync(TeamsHost.Workspace, TeamsHost.PersonalChat));
        var response = await _teams.PostAsync(_teams.PersonalMessage("help", id: "valid-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _teams.Connector.WaitForAsync(c => c.ActivityId == "valid-1");
        Assert.Single(_teams.Connector.Calls);
    }

    [Fact]
    public async Task AValidTokenIsAcceptedAndTheActivityAnswered()
    {
        var response = await _teams.PostAsync(_teams.PersonalMessage("help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await _teams.Connector.WaitForAsync(_ => true);
        Assert.StartsWith("Bearer connector-token-", reply.Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("issuer")]
    [InlineData("audience")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    [InlineData("unendorsed")]
    [InlineData("unknown-key")]
    [InlineData("wrong-signature")]
    [InlineData("service-url-claim")]
    [InlineData("service-url-activity")]
    [InlineData("missing")]
    [InlineData("not-bearer")]
    [InlineData("none-algorithm")]
    [InlineData("garbage")]
    public async Task ABadTokenIs401AndNothingIsProcessed(string fault)
    {
        var activity = _teams.PersonalMessage("watch acme/rocket");
        var serviceUrl = _teams.Connector.ServiceUrl;
        string? token = fault switch
        {
            "issuer" => _teams.Login.Sign(TeamsHost.AppId, serviceUrl, Now, issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"),
            "audience" => _teams.Login.Sign("00000000-0000-0000-0000-000000000001", serviceUrl, Now),
            "expired" => _teams.Login.Sign(TeamsHost.AppId, serviceUrl, Now, notBefore: TimeSpan.FromHours(-2), expires: TimeSpan.FromMinutes(-5.5)),
            "not-yet-valid" => _teams.Login.Sign(TeamsHost.AppId, serviceUrl, Now, notBefore: TimeSpan.FromMinutes(5.5)),
            "unendorsed" => _teams.Login.Sign(TeamsHost.AppId, serviceUrl, Now, kid: "webchat-key", key: _teams.Login.Publish("webchat-key", "webchat", "directline")),
            "unknown-key" => _teams.Login.Sign(TeamsHost.AppId, serviceUrl, Now, key: FakeBotFrameworkLogin.NewKey("never-published")),
            "wrong-signature" => _teams.Login.Sign(TeamsHost.AppId, serviceUrl, Now, key: FakeBotFrameworkLogin.NewKey(FakeBotFrameworkLogin.DefaultKey)),
            "service-url-claim" => _teams.Login.Sign(TeamsHost.AppId, "https://evil.example/amer/", Now),
            "service-url-activity" => _teams.Token(),
            "none-algorithm" => FakeBotFrameworkLogin.Unsigned(TeamsHost.AppId, serviceUrl, Now),
            "garbage" => "eyJhbGciOiJSUzI1NiJ9.not-a-token",
            _ => null,
        };
        if (fault == "service-url-activity")
        {
            // A valid token replayed with a body that names another service URL: the bot's token must not go there.
            activity["serviceUrl"] = "https://evil.example/amer/";
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        if (fault == "not-bearer")
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Basic " + _teams.Token());
        }
        else if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        var response = await _teams.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _teams.Service<WatchlistStore>().SubscriptionsAsync(TeamsHost.Workspace));
        await AssertNothingProcessedAsync();
    }

    [Fact]
    public async Task ClockSkewOfUpToFiveMinutesIsTolerated()
    {
        var expiredWithinSkew = _teams.Login.Sign(TeamsHost.AppId, _teams.Connector.ServiceUrl, Now, notBefore: TimeSpan.FromHours(-1), expires: TimeSpan.FromMinutes(-4));
        var earlyWithinSkew = _teams.Login.Sign(TeamsHost.AppId, _teams.Connector.ServiceUrl, Now, notBefore: TimeSpan.FromMinutes(4));

        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help"), expiredWithinSkew)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help"), earlyWithinSkew)).StatusCode);
    }

    [Fact]
    public async Task AKeyPublishedLaterIsFetchedWhenATokenFirstNamesIt()
    {
        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help"))).StatusCode);
        var fetches = _teams.Login.KeyFetches;
        _teams.App.Clock.Advance(TimeSpan.FromMinutes(5));

        var rotated = _teams.Login.Publish("key-2", "msteams");
        var token = _teams.Login.Sign(TeamsHost.AppId, _teams.Connector.ServiceUrl, Now, kid: "key-2", key: rotated);

        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help"), token)).StatusCode);
        Assert.Equal(fetches + 1, _teams.Login.KeyFetches);
    }

    [Fact]
    public async Task UnknownKeysRefetchTheKeysAtMostOnceInFiveMinutes()
    {
        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help"))).StatusCode);
        var fetches = _teams.Login.KeyFetches;
        _teams.App.Clock.Advance(TimeSpan.FromMinutes(5));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await _teams.PostAsync(_teams.PersonalMessage("help"), Stranger(i))).StatusCode);
        }

        Assert.Equal(fetches + 1, _teams.Login.KeyFetches);
        _teams.App.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _teams.PostAsync(_teams.PersonalMessage("help"), Stranger(5))).StatusCode);
        Assert.Equal(fetches + 1, _teams.Login.KeyFetches);
        _teams.App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _teams.PostAsync(_teams.PersonalMessage("help"), Stranger(6))).StatusCode);
        Assert.Equal(fetches + 2, _teams.Login.KeyFetches);

        string Stranger(int i) => _teams.Login.Sign(TeamsHost.AppId, _teams.Connector.ServiceUrl, Now, key: FakeBotFrameworkLogin.NewKey($"stranger-{i}"));
    }

    [Fact]
    public async Task TheKeysAreFetchedAgainAfterTwelveHours()
    {
        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help"))).StatusCode);
        var fetches = _teams.Login.KeyFetches;

        _teams.App.Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help"))).StatusCode);
        Assert.Equal(fetches, _teams.Login.KeyFetches);

        _teams.App.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _teams.PostAsync(_teams.PersonalMessage("help"))).StatusCode);
        Assert.Equal(fetches + 1, _teams.Login.KeyFetches);
    }
}
