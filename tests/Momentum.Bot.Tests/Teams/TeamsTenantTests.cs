using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Teams;

/// <summary>
/// The tenant of a Teams activity is in its body, which any valid Bot Connector token can carry for an hour: only the
/// tenants the app serves get through, and a tenant's data lives under <c>teams:{tenant}</c>, out of reach of Slack
/// teams and the playground (and they out of its).
/// </summary>
public sealed class TeamsTenantTests
{
    private const string Foreign = "0b6a0a3e-1111-4222-8333-444455556666";
    private const string SlackWorkspace = "slack:T0001";

    private static JsonObject InTenant(JsonObject activity, string? conversationTenant, string? channelDataTenant)
    {
        ((JsonObject)activity["conversation"]!)["tenantId"] = conversationTenant;
        ((JsonObject)activity["channelData"]!)["tenant"] = new JsonObject { ["id"] = channelDataTenant };
        return activity;
    }

    private static async Task SeedOtherPlatformsAsync(TeamsHost teams)
    {
        var aliases = teams.Service<AliasStore>();
        await aliases.SetAsync(SlackWorkspace, "slacksecret", ["acme/rocket"]);
        await aliases.SetAsync(WorkspaceIds.Playground, "playsecret", ["acme/rocket"]);
        await teams.Service<WatchlistStore>().SaveAsync(SlackWorkspace, new Watchlist("slackwatch", ["acme/rocket"], "U1", MomentumApp.Now));
    }

    [Theory]
    [InlineData("T0001")]
    [InlineData("playground")]
    [InlineData("slack:T0001")]
    [InlineData("teams:" + TeamsHost.Tenant)]
    [InlineData(Foreign)]
    public async Task AnActivityOfATenantTheAppDoesNotServeIsRefusedAndNothingIsStored(string tenant)
    {
        await using var teams = await TeamsHost.StartAsync();
        await SeedOtherPlatformsAsync(teams);

        var watch = await teams.PostAsync(InTenant(teams.PersonalMessage("watch acme/rocket"), tenant, tenant));
        var aliases = await teams.PostAsync(InTenant(teams.PersonalMessage("alias slacksecret acme/booster"), tenant, tenant));

        Assert.Equal(HttpStatusCode.Forbidden, watch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, aliases.StatusCode);
        var watchlists = await teams.Service<WatchlistStore>().AllWatchlistsAsync();
        Assert.Equal([(SlackWorkspace, "slackwatch")], watchlists);
        Assert.Equal(["acme/rocket"], (await teams.Service<AliasStore>().AllAsync(SlackWorkspace))["slacksecret"]);
        Assert.Null(await teams.Service<Momentum.Bot.Teams.TeamsConversationStore>().GetAsync(TeamsHost.Workspace, TeamsHost.PersonalChat));
        Assert.DoesNotContain(teams.Connector.Calls, c => c.RawPath.Contains("/conversations/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServedTenantSeesOnlyItsOwnWorkspaceEvenWhenEveryTenantIsServed()
    {
        await using var teams = await TeamsHost.StartAsync(new() { ["Teams:AllowedTenants"] = "*" });
        await SeedOtherPlatformsAsync(teams);

        var response = await teams.PostAsync(InTenant(teams.PersonalMessage("aliases", id: "a1"), Foreign, Foreign));
        var reply = await teams.Connector.WaitForAsync(c => c.ActivityId == "a1");
        await teams.PostAsync(InTenant(teams.PersonalMessage("watchlists", id: "w1"), Foreign, Foreign));
        var watchlists = await teams.Connector.WaitForAsync(c => c.ActivityId == "w1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("slacksecret", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("playsecret", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("slackwatch", watchlists.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenThatNamesAnotherTenantIsRefused()
    {
        await using var teams = await TeamsHost.StartAsync(new() { ["Teams:AllowedTenants"] = "*" });
        var token = teams.Login.Sign(TeamsHost.AppId, teams.Connector.ServiceUrl, teams.App.Clock.GetUtcNow(), tenant: Foreign);

        var response = await teams.PostAsync(teams.PersonalMessage("help"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ATokenThatNamesTheActivitysTenantIsAccepted()
    {
        await using var teams = await TeamsHost.StartAsync();
        var token = teams.Login.Sign(TeamsHost.AppId, teams.Connector.ServiceUrl, teams.App.Clock.GetUtcNow(), tenant: TeamsHost.Tenant);

        var response = await teams.PostAsync(teams.PersonalMessage("help"), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnActivityWhoseTwoTenantFieldsDisagreeIsRefused()
    {
        await using var teams = await TeamsHost.StartAsync();

        var response = await teams.PostAsync(InTenant(teams.PersonalMessage("watch acme/rocket"), TeamsHost.Tenant, Foreign));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await teams.Service<WatchlistStore>().AllWatchlistsAsync());
    }

    [Fact]
    public async Task ThePlaygroundCannotReachASlackWorkspacesData()
    {
        await using var teams = await TeamsHost.StartAsync();
        await teams.Service<AliasStore>().SetAsync(SlackWorkspace, "slacksecret", ["acme/rocket"]);

        var response = await teams.Client.PostAsJsonAsync("/playground/run", new { text = "aliases" });

        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("slacksecret", answer.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void WorkspaceIdsNameTheirPlatform()
    {
        Assert.Equal("slack:T0001", WorkspaceIds.Slack("T0001"));
        Assert.Equal("teams:" + TeamsHost.Tenant, WorkspaceIds.Teams(TeamsHost.Tenant.ToUpperInvariant()));
        Assert.Null(WorkspaceIds.Teams("T0001"));
        Assert.Null(WorkspaceIds.Slack("slack:T0001"));
        Assert.Null(WorkspaceIds.Slack(TeamsHost.Tenant));
        Assert.False(WorkspaceIds.IsValid("T0001"));
        Assert.False(WorkspaceIds.IsValid(TeamsHost.Tenant));
        Assert.False(WorkspaceIds.IsValid("teams:T0001"));
        Assert.True(WorkspaceIds.IsValid(WorkspaceIds.Playground));
        Assert.Throws<ArgumentException>(() => new RedisKeys("p:").Watchlists("T0001"));
    }
}
