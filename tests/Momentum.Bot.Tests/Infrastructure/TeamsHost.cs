using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Demo;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// The real host configured for Teams, with GitHub, login.botframework.com and the Bot Connector faked at the wire,
/// and helpers that build activities shaped like the ones Teams sends.
/// </summary>
public sealed class TeamsHost : IAsyncDisposable
{
    public const string AppId = "6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b";
    public const string Tenant = "50612dbb-0237-4969-b378-8d42590f9c00";

    /// <summary>The tenant's workspace id, what its data is stored under.</summary>
    public const string Workspace = "teams:" + Tenant;
    public const string Bot = "28:" + AppId;
    public const string User = "29:17bUvCasIPKfQIXHvNzcPjD86fwm6GkWc1PvCGP2-NSkNb7AyGYpjQ7Xw-XgTwaHW5JxZ4KMNDxn1kcL8fwX1Nw";
    public const string TeamId = "19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2";
    public const string ChannelId = "19:6848757105754c8981c67612732d9aa7@thread.tacv2";
    public const string PersonalChat = "a:1qhNJl3q7aRdbC8yC7-nRv4x6mHv9hPzsXjT8g2mZ5fK0Lw";

    private int _ids;

    private TeamsHost(FakeGitHub github, FakeBotFrameworkLogin login, FakeBotConnector connector, MomentumApp app)
    {
        GitHub = github;
        Login = login;
        Connector = connector;
        App = app;
        Client = app.CreateClient();
    }

    public FakeGitHub GitHub { get; }

    public FakeBotFrameworkLogin Login { get; }

    public FakeBotConnector Connector { get; }

    public MomentumApp App { get; }

    public HttpClient Client { get; }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="seed">More repositories for the fake GitHub (e.g. <see cref="SpikingRepository.Seed"/>).</param>
    /// <param name="start">The clock's first instant (default <see cref="MomentumApp.Now"/>).</param>
    public static async Task<TeamsHost> StartAsync(Dictionary<string, string?>? settings = null, Action<LocalGitHubData>? seed = null, DateTimeOffset? start = null)
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        SampleRepository.Seed(data, "acme/booster");
        seed?.Invoke(data);
        var github = await FakeGitHub.StartAsync(data);
        var login = await FakeBotFrameworkLogin.StartAsync();
        var connector = await FakeBotConnector.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Teams:AppId"] = AppId,
            ["Teams:AppPassword"] = "app-password-not-a-real-secret",
            ["Teams:TenantId"] = Tenant,
            ["Teams:OpenIdMetadataUrl"] = login.MetadataUrl.AbsoluteUri,
            ["Teams:TokenEndpoint"] = connector.TokenUrl(Tenant).AbsoluteUri,
            // The tests drive delivery themselves.
            ["Scheduling:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new TeamsHost(github, login, connector, new MomentumApp(github, all, start: start));
    }

    /// <summary>A token the Bot Connector would send with an activity from its own service URL, valid now on the host's clock.</summary>
    public string Token() => Login.Sign(AppId, Connector.ServiceUrl, App.Clock.GetUtcNow());

    public Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = null, bool withToken = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (withToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token());
        }

        return Client.SendAsync(request);
    }

    public string NextId() => "17599447814" + Interlocked.Increment(ref _ids).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An @mention in a channel thread, as Teams sends it (trimmed from a real activity).</summary>
    public JsonObject ChannelMention(string command, string? id = null)
    {
        var activity = Base("message", id);
        activity["text"] = $"<at>Momentum</at> {command}";
        activity["textFormat"] = "plain";
        activity["conversation"] = new JsonObject
        {
            ["id"] = $"{ChannelId};messageid=1759881511856",
            ["isGroup"] = true,
            ["conversationType"] = "channel",
            ["tenantId"] = Tenant,
        };
        activity["channelData"] = ChannelData();
        activity["entities"] = new JsonArray(
            new JsonObject { ["type"] = "mention", ["mentioned"] = new JsonObject { ["id"] = Bot, ["name"] = "Momentum" }, ["text"] = "<at>Momentum</at>" },
            new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web" });
        return activity;
    }

    /// <summary>A message in the user's personal chat with the bot (no mention needed).</summary>
    public JsonObject PersonalMessage(string text, string? id = null)
    {
        var activity = Base("message", id);
        activity["text"] = text;
        activity["conversation"] = new JsonObject { ["id"] = PersonalChat, ["conversationType"] = "personal", ["tenantId"] = Tenant };
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } };
        return activity;
    }

    /// <summary>An Action.Submit from a card the bot posted in the channel: a message with the card's data as its value.</summary>
    public JsonObject Submit(string action, string value, string cardId = "1700000000999")
    {
        var activity = ChannelMention("");
        activity.Remove("text");
        activity.Remove("entities");
        activity["replyToId"] = cardId;
        activity["value"] = new JsonObject { ["action"] = action, ["value"] = value };
        return activity;
    }

    /// <summary>An Action.Execute: an <c>adaptiveCard/action</c> invoke.</summary>
    public JsonObject Execute(string verb, JsonObject data, string cardId = "1700000000999")
    {
        var activity = ChannelMention("");
        activity.Remove("text");
        activity.Remove("entities");
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity["replyToId"] = cardId;
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data, ["id"] = "a1" },
            ["trigger"] = "manual",
        };
        return activity;
    }

    /// <summary>The bot added to a team: a conversationUpdate whose membersAdded names the bot.</summary>
    public JsonObject AddedToTeam(string conversation = TeamId) => TeamEvent("membersAdded", "teamMemberAdded", conversation);

    public JsonObject RemovedFromTeam(string conversation = TeamId) => TeamEvent("membersRemoved", "teamMemberRemoved", conversation);

    public JsonObject Installation(string action)
    {
        var activity = Base("installationUpdate", null);
        activity["action"] = action;
        activity["conversation"] = new JsonObject { ["id"] = PersonalChat, ["conversationType"] = "personal", ["tenantId"] = Tenant };
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } };
        return activity;
    }

    /// <summary>
    /// The bot added to the team, then "watch acme/rocket" said in its channel: the channel's subscription. Returns once
    /// both answers (the welcome and the confirmation) were posted, so nothing posts behind a test's back afterwards.
    /// </summary>
    public async Task<Momentum.Bot.Store.Subscription> SubscribeChannelAsync()
    {
        await PostAsync(AddedToTeam());
        await Connector.WaitForAsync(c => c.Conversation == TeamId);
        await PostAsync(ChannelMention("watch acme/rocket", id: "sub"));
        await Connector.WaitForAsync(c => c.ActivityId == "sub");
        return Assert.Single(await Service<Momentum.Bot.Store.WatchlistStore>().SubscriptionsAsync(Workspace));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        await Login.DisposeAsync();
        await GitHub.DisposeAsync();
    }

    private JsonObject TeamEvent(string members, string eventType, string conversation)
    {
        var activity = Base("conversationUpdate", null);
        activity[members] = new JsonArray(new JsonObject { ["id"] = Bot });
        activity["conversation"] = new JsonObject { ["isGroup"] = true, ["conversationType"] = "channel", ["id"] = conversation, ["tenantId"] = Tenant };
        activity["channelData"] = new JsonObject
        {
            ["team"] = new JsonObject { ["id"] = TeamId },
            ["eventType"] = eventType,
            ["tenant"] = new JsonObject { ["id"] = Tenant },
        };
        return activity;
    }

    private JsonObject Base(string type, string? id) => new()
    {
        ["type"] = type,
        ["channelId"] = "msteams",
        ["id"] = id ?? NextId(),
        ["serviceUrl"] = Connector.ServiceUrl,
        ["timestamp"] = App.Clock.GetUtcNow().ToString("O"),
        ["locale"] = "en-US",
        ["from"] = new JsonObject { ["id"] = User, ["name"] = "Rido", ["aadObjectId"] = "b15a9416-0ad3-4172-9210-7beb711d3f70" },
        ["recipient"] = new JsonObject { ["id"] = Bot, ["name"] = "Momentum" },
    };

    private static JsonObject ChannelData() => new()
    {
        ["teamsChannelId"] = ChannelId,
        ["teamsTeamId"] = TeamId,
        ["channel"] = new JsonObject { ["id"] = ChannelId },
        ["team"] = new JsonObject { ["id"] = TeamId },
        ["tenant"] = new JsonObject { ["id"] = Tenant },
    };
}
