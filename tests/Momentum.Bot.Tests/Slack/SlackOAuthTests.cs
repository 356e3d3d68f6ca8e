using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Momentum.Bot.Demo;
using Momentum.Bot.Slack;
using Momentum.Bot.Tests.Infrastructure;
using StackExchange.Redis;

namespace Momentum.Bot.Tests.Slack;

/// <summary>The OAuth v2 install flow through the real host, with Slack's Web API faked at the wire and installations in Redis.</summary>
public sealed class SlackOAuthTests : IAsyncLifetime
{
    private const string ClientId = "1234.5678";
    private const string ClientSecret = "client-secret-for-tests";
    private const string InstalledToken = "xoxb-installed-token";
    private const string StateCookie = "momentum_slack_state";
    private static readonly Uri AuthorizeUrl = new("https://slack.example/oauth/v2/authorize");

    private FakeGitHub _github = null!;
    private FakeSlack _slack = null!;
    private MomentumApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync(new LocalGitHubData());
        _slack = await FakeSlack.StartAsync();
        _app = new MomentumApp(_github, new()
        {
            ["Slack:SigningSecret"] = SlackRequests.Secret,
            ["Slack:BotToken"] = "xoxb-config-token",
            ["Slack:ClientId"] = ClientId,
            ["Slack:ClientSecret"] = ClientSecret,
            ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl.ToString(),
            ["Slack:AuthorizeUrl"] = AuthorizeUrl.ToString(),
        });
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _slack.DisposeAsync();
        await _github.DisposeAsync();
    }

    private SlackInstallationStore Installations => _app.Services.GetRequiredService<SlackInstallationStore>();

    private SlackTokens Tokens => _app.Services.GetRequiredService<SlackTokens>();

    /// <summary>Starts an install as a browser would: the redirect's query and the state cookie it was given.</summary>
    private async Task<(HttpResponseMessage Response, Dictionary<string, string> Query, SetCookieHeaderValue Cookie)> StartInstallAsync()
    {
        var response = await _client.GetAsync(new Uri("/slack/install", UriKind.Relative));
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No redirect from /slack/install (HTTP {(int)response.StatusCode}).");
        var query = QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var cookies = SetCookieHeaderValue.ParseList(response.Headers.TryGetValues(HeaderNames.SetCookie, out var values) ? values.ToList() : []);
        var cookie = cookies.Single(c => c.Name == StateCookie);
        return (response, query, cookie);
    }

    private async Task<(HttpStatusCode Status, string Page, HttpResponseMessage Response)> CallbackAsync(string query, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/slack/oauth/callback?" + query);
        if (cookie is not null)
        {
            request.Headers.Add(HeaderNames.Cookie, $"{StateCookie}={cookie}");
        }

        var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private async Task<string> InstallAsync(string code = "code-1")
    {
        var (_, query, _) = await StartInstallAsync();
        var state = query["state"];
        var (status, page, _) = await CallbackAsync($"code={code}&state={state}", state);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Momentum is installed in Acme Corp", page, StringComparison.Ordinal);
        return state;
    }

    private Task<HttpResponseMessage> EventAsync(string json) =>
        _client.SendAsync(SlackRequests.Sign("/slack/events", json, "application/json", _app.Clock.GetUtcNow()));

    private static string Text(JsonElement element) => JsonText.Of(element);

    [Fact]
    public async Task TheInstallLinkRedirectsToSlacksAuthorizePageWithClientIdScopesRedirectUriAndAStateCookie()
    {
        var (response, query, cookie) = await StartInstallAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(AuthorizeUrl.GetLeftPart(UriPartial.Path), response.Headers.Location!.GetLeftPart(UriPartial.Path));
        Assert.Equal(ClientId, query["client_id"]);
        Assert.Equal("app_mentions:read,channels:history,chat:write,chat:write.public,commands,files:write,groups:history,im:history", query["scope"]);
        Assert.Equal("http://localhost/slack/oauth/callback", query["redirect_uri"]);
        Assert.True(query["state"].Length >= 32, $"state '{query["state"]}' is too short to be unguessable");
        Assert.Equal(query["state"], cookie.Value.ToString());
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/slack/oauth", cookie.Path.ToString());
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);

        var (_, again, _) = await StartInstallAsync();
        Assert.NotEqual(query["state"], again["state"]);
    }

    [Fact]
    public async Task ACallbackWithTheIssuedStateExchangesTheCodeAndStoresTheInstallationWithItsTokenEncrypted()
    {
        var (_, query, _) = await StartInstallAsync();
        var state = query["state"];

        var (status, page, response) = await CallbackAsync($"code=code-42&state={state}", state);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Momentum is installed in Acme Corp", page, StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues(HeaderNames.SetCookie), c => c.StartsWith(StateCookie + "=;", StringComparison.Ordinal));

        var exchange = await _slack.WaitForPathAsync("/api/oauth.v2.access");
        Assert.StartsWith("application/x-www-form-urlencoded", exchange.ContentType, StringComparison.Ordinal);
        var form = QueryHelpers.ParseQuery(exchange.Body);
        Assert.Equal("code-42", form["code"].ToString());
        Assert.Equal(ClientId, form["client_id"].ToString());
        Assert.Equal(ClientSecret, form["client_secret"].ToString());
        Assert.Equal(query["redirect_uri"], form["redirect_uri"].ToString());

        var installation = await Installations.GetAsync("slack:T0INSTALL");
        Assert.NotNull(installation);
        Assert.Equal("UBOT2", installation.BotUserId);
        Assert.Equal("Acme Corp", installation.TeamName);
        Assert.Equal("A1", installation.AppId);
        Assert.Equal("U1", installation.InstalledBy);
        Assert.Equal(MomentumApp.Now, installation.InstalledAt);
        Assert.Equal(InstalledToken, await Tokens.BotTokenAsync("slack:T0INSTALL"));
        Assert.Equal("xoxb-config-token", await Tokens.BotTokenAsync("slack:T0OTHER"));

        var db = TestRedis.Connection.GetDatabase();
        var raw = (string?)await db.StringGetAsync(_app.Prefix + "ws:{slack:T0INSTALL}:slack-installation");
        Assert.NotNull(raw);
        Assert.Contains("UBOT2", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(InstalledToken, raw, StringComparison.Ordinal);
        var server = TestRedis.Connection.GetServers().First();
        await foreach (var key in server.KeysAsync(pattern: _app.Prefix + "*"))
        {
            if (await db.KeyTypeAsync(key) == RedisType.String)
            {
                Assert.DoesNotContain(InstalledToken, (string?)await db.StringGetAsync(key) ?? "", StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task AStateThisHostNeverIssuedIsRefused()
    {
        var (status, page, _) = await CallbackAsync("code=code-1&state=forged-state", "forged-state");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("This install link is not valid", page, StringComparison.Ordinal);
        Assert.DoesNotContain(_slack.Calls, c => c.Path == "/api/oauth.v2.access");
        Assert.Null(await Installations.GetAsync("slack:T0INSTALL"));
    }

    [Fact]
    public async Task AnIssuedStateWithoutItsCookieIsRefused()
    {
        var (_, query, _) = await StartInstallAsync();
        var state = query["state"];

        var (noCookie, _, _) = await CallbackAsync($"code=code-1&state={state}", cookie: null);
        var (otherCookie, _, _) = await CallbackAsync($"code=code-1&state={state}", cookie: "someone-elses-state");

        Assert.Equal(HttpStatusCode.BadRequest, noCookie);
        Assert.Equal(HttpStatusCode.BadRequest, otherCookie);
        Assert.DoesNotContain(_slack.Calls, c => c.Path == "/api/oauth.v2.access");
        Assert.Null(await Installations.GetAsync("slack:T0INSTALL"));
    }

    [Fact]
    public async Task AStateWorksOnlyOnce()
    {
        var state = await InstallAsync();

        var (status, page, _) = await CallbackAsync($"code=code-2&state={state}", state);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("already used", page, StringComparison.Ordinal);
        Assert.Single(_slack.Calls, c => c.Path == "/api/oauth.v2.access");
    }

    [Fact]
    public async Task SlackRefusingTheCodeShowsA502PageNamingSlacksErrorAndStoresNothing()
    {
        _slack.Script("oauth.v2.access", 200, """{"ok":false,"error":"invalid_code"}""");
        var (_, query, _) = await StartInstallAsync();

        var (status, page, _) = await CallbackAsync($"code=stale&state={query["state"]}", query["state"]);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("invalid_code", page, StringComparison.Ordinal);
        Assert.Null(await Installations.GetAsync("slack:T0INSTALL"));
    }

    [Fact]
    public async Task DecliningOnSlacksPageSaysTheInstallWasCancelled()
    {
        var (_, query, _) = await StartInstallAsync();

        var (status, page, _) = await CallbackAsync($"error=access_denied&state={query["state"]}", query["state"]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("cancelled", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("access_denied", page, StringComparison.Ordinal);
        Assert.DoesNotContain(_slack.Calls, c => c.Path == "/api/oauth.v2.access");
        Assert.Null(await Installations.GetAsync("slack:T0INSTALL"));
    }

    [Theory]
    [InlineData("""{"type":"app_uninstalled"}""")]
    [InlineData("""{"type":"tokens_revoked","tokens":{"bot":["UBOT2"]}}""")]
    public async Task UninstallingTheAppOrRevokingItsTokenRemovesTheInstallation(string inner)
    {
        await InstallAsync();
        Assert.NotNull(await Installations.GetAsync("slack:T0INSTALL"));

        var response = await EventAsync($$"""{"type":"event_callback","team_id":"T0INSTALL","api_app_id":"A1","event":{{inner}},"event_id":"EvGone","event_time":1773835200}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await Installations.GetAsync("slack:T0INSTALL"));
        Assert.Equal("xoxb-config-token", await Tokens.BotTokenAsync("slack:T0INSTALL"));
    }

    [Fact]
    public async Task RevokingOnlyUserTokensLeavesTheBotInstalled()
    {
        await InstallAsync();

        await EventAsync("""{"type":"event_callback","team_id":"T0INSTALL","api_app_id":"A1","event":{"type":"tokens_revoked","tokens":{"oauth":["U1"],"bot":[]}},"event_id":"EvUserOnly","event_time":1773835200}""");

        Assert.NotNull(await Installations.GetAsync("slack:T0INSTALL"));
    }

    [Fact]
    public async Task AnOrgWideInstallationServesTheEnterprisesTeams()
    {
        await Installations.SaveAsync(new Momentum.Bot.Slack.SlackInstallation("slack:E0GRID", "Grid", "E0GRID", "UBOTE", Momentum.Bot.Slack.SlackTokens.Protect("xoxb-grid", ClientSecret), "commands", "A1", "U1", DateTimeOffset.UnixEpoch));

        await EventAsync("""{"type":"event_callback","team_id":"T0TEAM","enterprise_id":"E0GRID","api_app_id":"A1","event":{"type":"app_mention","user":"U061F7AUR","text":"<@UBOTE> help","ts":"1773835200.000200","channel":"C778","event_ts":"1773835200.000200"},"event_id":"EvGrid","event_time":1773835200}""");

        var post = await _slack.WaitForPathAsync("/api/chat.postMessage");
        Assert.Equal("Bearer xoxb-grid", post.Authorization);
        Assert.Equal("xoxb-grid", await Tokens.BotTokenAsync("slack:T0TEAM"));
    }

    [Fact]
    public async Task AMentionInAnInstalledWorkspaceIsAnsweredWithThatInstallationsToken()
    {
        await InstallAsync();

        // No authorizations in the envelope: the bot's user id (to strip its mention) comes from the installation.
        await EventAsync("""{"type":"event_callback","team_id":"T0INSTALL","api_app_id":"A1","event":{"type":"app_mention","user":"U061F7AUR","text":"<@UBOT2> help","ts":"1773835200.000100","channel":"C777","event_ts":"1773835200.000100"},"event_id":"EvInstalled","event_time":1773835200}""");

        var post = await _slack.WaitForPathAsync("/api/chat.postMessage");
        Assert.Equal("Bearer " + InstalledToken, post.Authorization);
        Assert.Equal("C777", post.Json.GetProperty("channel").GetString());
        Assert.Equal("1773835200.000100", post.Json.GetProperty("thread_ts").GetString());
        Assert.Contains("Momentum — community momentum of open-source projects", Text(post.Json.GetProperty("blocks")), StringComparison.Ordinal);
    }
}
