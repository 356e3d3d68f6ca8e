using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Chat;
using Momentum.Bot.Demo;
using Momentum.Bot.Reports;
using Momentum.Bot.Slack;
using Momentum.Bot.Store;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Store;

/// <summary>Data stored under unqualified workspace ids (before ids carried their platform) is moved once at start-up.</summary>
public sealed class WorkspaceMigrationTests
{
    private const string Tenant = "50612dbb-0237-4969-b378-8d42590f9c00";

    [Fact]
    public async Task OldFormatDataIsReadableAfterStartUpAndTheMoveRunsOnce()
    {
        var prefix = TestRedis.NewPrefix();
        var db = TestRedis.Connection.GetDatabase();
        var subscription = """{"platform":"slack","workspace":"T0OLD","channel":"C1","watchlist":"infra","alerts":true,"weekly":true,"sensitivity":"Normal","day":"Monday","time":"09:00:00","timeZone":"UTC","exclude":[],"createdBy":"U1","createdAt":"2026-03-01T00:00:00+00:00"}""";
        await db.HashSetAsync(prefix + "ws:T0OLD:aliases", "mine", "acme/rocket");
        await db.HashSetAsync(prefix + "ws:T0OLD:watchlists", "infra", """{"name":"infra","projects":["acme/rocket"],"createdBy":"U1","createdAt":"2026-03-01T00:00:00+00:00"}""");
        await db.HashSetAsync(prefix + "ws:T0OLD:subscriptions", "slack:C1:infra", subscription);
        await db.SetAddAsync(prefix + "index:watchlists", "T0OLD|infra");
        await db.SetAddAsync(prefix + "index:subscriptions", "T0OLD|slack:C1:infra");
        await db.StringSetAsync(prefix + "ws:T0OLD:slack-installation", """{"Workspace":"T0OLD","TeamName":"Old","EnterpriseId":"E0OLD","BotUserId":"UB","ProtectedBotToken":"x","Scopes":"commands","AppId":"A1","InstalledBy":"U1","InstalledAt":"2026-03-01T00:00:00+00:00"}""");
        await db.StringSetAsync(prefix + "ws:T0OLD:slack-enterprise", "E0OLD");
        await db.HashSetAsync(prefix + $"ws:{Tenant}:aliases", "theirs", "acme/booster");
        await db.HashSetAsync(prefix + "ws:playground:aliases", "play", "acme/rocket");
        await db.HashSetAsync(prefix + "outbox:abc", [new("kind", "end-user-spike"), new("platform", "slack"), new("workspace", "T0OLD"), new("channel", "C1"), new("thread", ""), new("payload", "{}"), new("status", "Pending"), new("attempts", 0), new("nextAttemptAt", 1), new("createdAt", 1)]);
        await db.StringSetAsync(prefix + "schedule:last:digest:T0OLD|slack:C1:infra", 1773835200);

        await using var github = await FakeGitHub.StartAsync(new LocalGitHubData());
        await using (var app = new MomentumApp(github, new() { ["Scheduling:Enabled"] = "false" }, prefix: prefix))
        {
            using var client = app.CreateClient();
            var services = app.Services;

            Assert.Equal(["acme/rocket"], (await services.GetRequiredService<AliasStore>().AllAsync("slack:T0OLD"))["mine"]);
            Assert.Equal(["acme/booster"], (await services.GetRequiredService<AliasStore>().AllAsync("teams:" + Tenant))["theirs"]);
            Assert.Equal(["acme/rocket"], (await services.GetRequiredService<AliasStore>().AllAsync(WorkspaceIds.Playground))["play"]);
            var watchlists = services.GetRequiredService<WatchlistStore>();
            Assert.NotNull(await watchlists.GetAsync("slack:T0OLD", "infra"));
            Assert.Equal([("slack:T0OLD", "infra")], await watchlists.AllWatchlistsAsync());
            var moved = Assert.Single(await watchlists.AllSubscriptionsAsync());
            Assert.Equal(new ChatTarget(Platform.Slack, "slack:T0OLD", "C1"), moved.Target);
            Assert.Equal("slack:T0OLD", (await services.GetRequiredService<SlackInstallationStore>().GetAsync("slack:T0OLD"))!.Workspace);
            Assert.Equal("slack:E0OLD", (string?)await db.StringGetAsync(prefix + "ws:{slack:T0OLD}:slack-enterprise"));
            Assert.Equal("slack:T0OLD", (await services.GetRequiredService<OutboxStore>().GetAsync("abc"))!.Target.Workspace);
            Assert.Equal(1773835200, (long)await db.StringGetAsync(prefix + "schedule:last:digest:slack:T0OLD|slack:C1:infra"));
            Assert.False(await db.KeyExistsAsync(prefix + "ws:T0OLD:aliases"));
            Assert.False(await db.KeyExistsAsync(prefix + $"ws:{Tenant}:aliases"));
            Assert.False(await db.KeyExistsAsync(prefix + "schedule:last:digest:T0OLD|slack:C1:infra"));
            Assert.True(await db.KeyExistsAsync(prefix + "migrated:" + WorkspaceMigration.Name));
        }

        // A second replica (or a restart) finds the marker and moves nothing, even when old-format keys appear again.
        await db.HashSetAsync(prefix + "ws:T0LATE:aliases", "late", "acme/rocket");
        await using var again = new MomentumApp(github, new() { ["Scheduling:Enabled"] = "false" }, prefix: prefix);
        using var second = again.CreateClient();
        Assert.Equal(0, await again.Services.GetRequiredService<WorkspaceMigration>().RunAsync(CancellationToken.None));
        Assert.True(await db.KeyExistsAsync(prefix + "ws:T0LATE:aliases"));
        Assert.Equal(["acme/rocket"], (await again.Services.GetRequiredService<AliasStore>().AllAsync("slack:T0OLD"))["mine"]);
    }
}
