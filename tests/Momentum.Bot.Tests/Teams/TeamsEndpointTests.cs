using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Teams;

/// <summary>Signed activities through the real host; GitHub, the Bot Framework login and the Bot Connector faked at the wire.</summary>
public sealed class TeamsEndpointTests : IAsyncLifetime
{
    private TeamsHost _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHost.StartAsync();

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    private static string ThreadConversation => $"{TeamsHost.ChannelId};messageid=1759881511856";

    private async Task ScanAsync(string repository = "acme/rocket") =>
        Assert.Equal(HttpStatusCode.OK, (await _teams.Client.GetAsync(new Uri($"/api/v1/projects/{repository}/momentum", UriKind.Relative))).StatusCode);

    /// <summary>Every string in a JSON document, joined: what a reader of the card would see.</summary>
    private static string Text(JsonElement element) => JsonText.Of(element);

    private static string Title(ConnectorCall call) => call.Card.GetProperty("body")[0].GetProperty("text").GetString()!;

    [Fact]
    public async Task AChannelMentionIsAnsweredInItsThreadWithTheBotsToken()
    {
        await ScanAsync();
        var mention = _teams.ChannelMention("acme/rocket", id: "1759944781430");

        var response = await _teams.PostAsync(mention);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await _teams.Connector.WaitForAsync(_ => true);
        Assert.Equal("POST", reply.Method);
        // The conversation id is URL-encoded in the path (it holds ':', '@' and ';'); the reply goes to the message's thread.
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString(ThreadConversation)}/activities/1759944781430", reply.RawPath);
        Assert.Equal("1759944781430", reply.Json.GetProperty("replyToId").GetString());
        Assert.StartsWith("acme/rocket — momentum", Title(reply), StringComparison.Ordinal);
        Assert.Equal("application/vnd.microsoft.card.adaptive", reply.Json.GetProperty("attachments")[0].GetProperty("contentType").GetString());
        Assert.Contains("active contributors", reply.Json.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // The token came from the tenant's own token endpoint (single-tenant), with the Bot Connector scope.
        var tokenRequest = Assert.Single(_teams.Connector.TokenRequests);
        Assert.Equal(TeamsHost.Tenant, tokenRequest["tenant"]);
        Assert.Equal("client_credentials", tokenRequest["grant_type"]);
        Assert.Equal(TeamsHost.AppId, tokenRequest["client_id"]);
        Assert.Equal("https://api.botframework.com/.default", tokenRequest["scope"]);
    }

    [Theory]
    [InlineData("/momentum acme/rocket")]
    [InlineData("momentum acme/rocket")]
    [InlineData("MOMENTUM   acme/rocket")]
    public async Task TheMomentumPrefixIsOptional(string text)
    {
        await ScanAsync();
        await _teams.PostAsync(_teams.ChannelMention(text));
        Assert.StartsWith("acme/rocket — momentum", Title(await _teams.Connector.WaitForAsync(_ => true)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APersonalMessageRunsTheSameGrammarWithoutAMention()
    {
        await _teams.PostAsync(_teams.PersonalMessage("vendor cilium", id: "p1"));

        var reply = await _teams.Connector.WaitForAsync(_ => true);
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString(TeamsHost.PersonalChat)}/activities/p1", reply.RawPath);
        Assert.Contains("Isovalent", Text(reply.Card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommandThatNeedsGitHubIsAcknowledgedThenAnsweredProactively()
    {
        await _teams.PostAsync(_teams.ChannelMention("acme/rocket"));

        var working = await _teams.Connector.WaitForAsync(_ => true);
        Assert.Equal("Working on it…", Title(working));
        var card = await _teams.Connector.WaitForAsync(c => Title(c).StartsWith("acme/rocket — momentum", StringComparison.Ordinal));
        Assert.Equal(working.RawPath, card.RawPath);
        Assert.Contains(_teams.GitHub.Requests, r => r.PathAndQuery == "/repos/acme/rocket");
    }

    [Fact]
    public async Task TheSameActivityDeliveredTwiceIsAnsweredOnce()
    {
        await _teams.PostAsync(_teams.ChannelMention("help", id: "dup-1"));
        await _teams.PostAsync(_teams.ChannelMention("help", id: "dup-1"));
        await _teams.PostAsync(_teams.ChannelMention("aliases", id: "dup-2"));

        await _teams.Connector.WaitForAsync(c => c.ActivityId == "dup-2");
        await _teams.Connector.WaitForAsync(c => c.ActivityId == "dup-1");
        Assert.Single(_teams.Connector.Calls, c => c.ActivityId == "dup-1");
    }

    [Fact]
    public async Task ACardSubmitRunsItsActionAndSubscribesTheChannel()
    {
        var response = await _teams.PostAsync(_teams.Submit("watch", "acme/rocket"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await _teams.Connector.WaitForAsync(_ => true);
        Assert.Equal("Watching acme/rocket", Title(reply).TrimStart('✓', ' '));
        var subscription = Assert.Single(await _teams.Service<WatchlistStore>().SubscriptionsAsync(TeamsHost.Workspace));
        Assert.Equal(Platform.Teams, subscription.Platform);
        Assert.Equal(TeamsHost.ChannelId, subscription.Channel);
    }

    [Fact]
    public async Task ARefreshSubmitUpdatesTheCardInPlace()
    {
        await _teams.PostAsync(_teams.Submit("refresh", "acme/rocket", cardId: "card-7"));

        var done = await _teams.Connector.WaitForAsync(c => c.Method == "PUT" && Title(c).StartsWith("acme/rocket — momentum", StringComparison.Ordinal));
        Assert.Equal("card-7", done.ActivityId);
        Assert.All(_teams.Connector.Calls, c => Assert.Equal("PUT", c.Method));
    }

    [Fact]
    public async Task AnExecuteInvokeIsAnsweredWithTheRefreshedCardInTheResponse()
    {
        var response = await _teams.PostAsync(_teams.Execute("refresh", new JsonObject { ["action"] = "refresh", ["value"] = "acme/rocket" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body.GetProperty("type").GetString());
        var card = body.GetProperty("value");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.5", card.GetProperty("version").GetString());
        Assert.StartsWith("acme/rocket — momentum", card.GetProperty("body")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(_teams.GitHub.Requests, r => r.PathAndQuery == "/repos/acme/rocket");
        // The card came back in the response: nothing was posted.
        Assert.Empty(_teams.Connector.Calls);
    }

    [Fact]
    public async Task TheCompareMenuOnTheCardComparesThroughAnExecuteInvoke()
    {
        await ScanAsync();
        await ScanAsync("acme/booster");
        var data = new JsonObject { ["action"] = "compare", ["momentum.compare"] = "acme/rocket acme/booster" };

        var response = await _teams.PostAsync(_teams.Execute("compare", data, cardId: "card-3"));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("application/vnd.microsoft.activity.message", body.GetProperty("type").GetString());
        Assert.Contains("leads with momentum", body.GetProperty("value").GetString(), StringComparison.Ordinal);
        var posted = await _teams.Connector.WaitForAsync(_ => true);
        Assert.Equal("card-3", posted.ActivityId);
        Assert.StartsWith("Compare: acme/rocket vs acme/booster", Title(posted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWatchButtonAnswersWithAMessageAndPostsTheConfirmation()
    {
        var response = await _teams.PostAsync(_teams.Execute("watch", new JsonObject { ["action"] = "watch", ["value"] = "acme/rocket" }));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.activity.message", body.GetProperty("type").GetString());
        Assert.StartsWith("Watching acme/rocket", body.GetProperty("value").GetString(), StringComparison.Ordinal);
        await _teams.Connector.WaitForAsync(c => Title(c).Contains("Watching acme/rocket", StringComparison.Ordinal));
        Assert.Single(await _teams.Service<WatchlistStore>().SubscriptionsAsync(TeamsHost.Workspace));
    }

    [Fact]
    public async Task AnUnknownCardActionIsAnErrorInvokeResponse()
    {
        var response = await _teams.PostAsync(_teams.Execute("launch-missiles", new JsonObject()));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task AddingTheBotToATeamStoresTheReferenceAndWelcomesOnce()
    {
        await _teams.PostAsync(_teams.AddedToTeam());
        await _teams.PostAsync(_teams.AddedToTeam());

        var welcome = await _teams.Connector.WaitForAsync(_ => true);
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString(TeamsHost.TeamId)}/activities", welcome.RawPath);
        Assert.Equal("Hi, I'm Momentum", Title(welcome));
        Assert.Contains("@mention Momentum", Text(welcome.Card), StringComparison.Ordinal);
        var reference = await _teams.Service<TeamsConversationStore>().GetAsync(TeamsHost.Workspace, TeamsHost.TeamId);
        Assert.NotNull(reference);
        Assert.True(reference.Active);
        Assert.Equal(_teams.Connector.ServiceUrl, reference.ServiceUrl);
        Assert.Equal(TeamsHost.TeamId, reference.TeamId);
        Assert.Equal(TeamsHost.Bot, reference.BotId);

        // A message afterwards proves the second install event was handled: still one welcome.
        await _teams.PostAsync(_teams.ChannelMention("help", id: "after"));
        await _teams.Connector.WaitForAsync(c => c.ActivityId == "after");
        Assert.Single(_teams.Connector.Calls, c => Title(c) == "Hi, I'm Momentum");
    }

    [Fact]
    public async Task APersonalInstallWelcomesInThePersonalChat()
    {
        await _teams.PostAsync(_teams.Installation("add"));

        var welcome = await _teams.Connector.WaitForAsync(_ => true);
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString(TeamsHost.PersonalChat)}/activities", welcome.RawPath);
    }

    [Fact]
    public async Task RemovingTheBotFromATeamMarksEveryKnownChannelOfItDead()
    {
        await _teams.PostAsync(_teams.AddedToTeam());
        await _teams.PostAsync(_teams.ChannelMention("help", id: "m1"));
        await _teams.Connector.WaitForAsync(c => c.ActivityId == "m1");

        await _teams.PostAsync(_teams.RemovedFromTeam());

        var store = _teams.Service<TeamsConversationStore>();
        Assert.False((await store.GetAsync(TeamsHost.Workspace, TeamsHost.TeamId))!.Active);
        var channel = (await store.GetAsync(TeamsHost.Workspace, TeamsHost.ChannelId))!;
        Assert.False(channel.Active);
        Assert.Contains("removed", channel.DeadReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UninstallingThePersonalAppMarksTheChatDead()
    {
        await _teams.PostAsync(_teams.Installation("add"));
        await _teams.PostAsync(_teams.Installation("remove"));

        Assert.False((await _teams.Service<TeamsConversationStore>().GetAsync(TeamsHost.Workspace, TeamsHost.PersonalChat))!.Active);
    }

    [Fact]
    public async Task ARateLimitedReplyIsRetried()
    {
        _teams.Connector.Script(429, """{"error":{"code":"TooManyRequests","message":"slow down"}}""", retryAfter: 0);

        await _teams.PostAsync(_teams.PersonalMessage("help", id: "rl"));

        await _teams.Connector.WaitForAsync(c => c.ActivityId == "rl" && _teams.Connector.Calls.Count(x => x.ActivityId == "rl") == 2);
        Assert.Equal(2, _teams.Connector.Calls.Count(c => c.ActivityId == "rl"));
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        var activity = _teams.PersonalMessage(new string('a', 300_000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _teams.PostAsync(activity)).StatusCode);
    }

    [Fact]
    public async Task ABodyThatIsNotAnActivityIs401EvenWithAValidToken()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{nope", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _teams.Token());
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{nope", System.Text.Encoding.UTF8, "application/json") };

        Assert.Equal(HttpStatusCode.Unauthorized, (await _teams.Client.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _teams.Client.SendAsync(unsigned)).StatusCode);
    }
}
