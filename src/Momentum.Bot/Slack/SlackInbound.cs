using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Commands;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;
using static Momentum.Bot.Hosting.JsonFields;

namespace Momentum.Bot.Slack;

/// <summary>A slash command as Slack sends it (form fields over HTTP, a JSON payload over Socket Mode).</summary>
public sealed record SlashCommand(string TeamId, string? EnterpriseId, string ChannelId, string UserId, string Text, Uri? ResponseUrl, bool SslCheck)
{
    public static SlashCommand From(Func<string, string?> field) => new(
        field("team_id") ?? "",
        field("enterprise_id"),
        field("channel_id") ?? "",
        field("user_id") ?? "",
        field("text") ?? "",
        Uri.TryCreate(field("response_url"), UriKind.Absolute, out var url) ? url : null,
        field("ssl_check") == "1");
}

/// <summary>
/// What Slack sends, handled the same way whether it came over HTTP or Socket Mode: slash commands answered at once
/// when the data is stored (else acknowledged and answered through <c>response_url</c> from the background queue),
/// mentions and direct messages answered in thread exactly once, and card buttons.
/// </summary>
public sealed partial class SlackInbound(
    CommandRunner runner,
    BackgroundJobs jobs,
    SlackApiClient api,
    SlackTokens tokens,
    SlackInstallationStore installations,
    TimeProvider time,
    ILogger<SlackInbound> logger)
{
    private readonly RecentCache<string, byte[]> _rendered = new(time, TimeSpan.FromMinutes(5), 512);
    private readonly RecentCache<string, string> _enterprises = new(time, TimeSpan.FromHours(1));

    /// <summary>The immediate answer to a slash command as UTF-8 JSON (null for Slack's ssl_check).</summary>
    public async Task<byte[]?> SlashCommandAsync(SlashCommand slash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slash);
        if (slash.SslCheck)
        {
            return null;
        }

        if (!WorkspaceStore.IsValidWorkspace(slash.TeamId))
        {
            return Rendered(Reply.Error("Missing workspace", "Slack sent this command without a team id."));
        }

        await RememberEnterpriseAsync(slash.TeamId, slash.EnterpriseId);
        var command = CommandParser.Parse(SlackText.Unescape(slash.Text));
        var context = new CommandContext("slack", slash.TeamId, slash.ChannelId, slash.UserId);
        if (await runner.IsQuickAsync(command, context))
        {
            return Rendered(await runner.RunAsync(command, context, cancellationToken));
        }

        if (slash.ResponseUrl is not { } responseUrl)
        {
            return Rendered(Reply.Error("Can't answer later", "This request has no response_url, and the answer needs a fresh scan of GitHub."));
        }

        var accepted = jobs.TryEnqueue("slack.command", async (_, token) =>
        {
            var reply = await runner.RunAsync(command, context, token);
            var body = Message(reply);
            body["replace_original"] = false;
            await api.PostToResponseUrlAsync(responseUrl, body, token);
        });
        return accepted
            ? Rendered(Reply.Working(command, "Working on it: fetching fresh history from GitHub"))
            : Rendered(Reply.Error("Busy", Reply.BusyDetail));
    }

    /// <summary>Enterprise Grid: remember (once per process and team) which enterprise a team belongs to.</summary>
    private async Task RememberEnterpriseAsync(string team, string? enterprise)
    {
        if (enterprise is { Length: > 0 } && !_enterprises.TryGet(team, out _))
        {
            await installations.RememberEnterpriseAsync(team, enterprise);
            _enterprises.Set(team, enterprise);
        }
    }

    /// <summary>The message as Slack gets it; cards of stored reports are rendered once and reused while they last.</summary>
    private byte[] Rendered(Reply reply)
    {
        if (reply.CacheKey is { } key && _rendered.TryGet(key, out var bytes))
        {
            return bytes;
        }

        bytes = System.Text.Encoding.UTF8.GetBytes(Message(reply).ToJsonString());
        if (reply.CacheKey is { } cacheKey)
        {
            _rendered.Set(cacheKey, bytes);
        }

        return bytes;
    }

    /// <summary>An Events API envelope; returns the body to answer with (the challenge for url_verification).</summary>
    public async Task<JsonObject?> EventAsync(JsonElement envelope)
    {
        var type = Str(envelope, "type");
        if (type == "url_verification")
        {
            return new JsonObject { ["challenge"] = Str(envelope, "challenge") };
        }

        if (type != "event_callback" || !envelope.TryGetProperty("event", out var e))
        {
            return null;
        }

        var team = Str(envelope, "team_id") ?? "";
        if (!WorkspaceStore.IsValidWorkspace(team))
        {
            return null;
        }

        await RememberEnterpriseAsync(team, Str(envelope, "enterprise_id"));
        var eventType = Str(e, "type");
        // tokens_revoked that names only user tokens leaves the bot installed (Momentum asks for no user scopes).
        var botRevoked = eventType == "tokens_revoked" && e.TryGetProperty("tokens", out var revoked)
            && revoked.TryGetProperty("bot", out var bots) && bots.ValueKind == JsonValueKind.Array && bots.GetArrayLength() > 0;
        if (eventType == "app_uninstalled" || botRevoked)
        {
            await installations.RemoveAsync(team);
            Uninstalled(logger, team, eventType);
            return null;
        }

        var isMention = eventType == "app_mention";
        var isDirect = eventType == "message" && Str(e, "channel_type") == "im";
        if ((!isMention && !isDirect) || Str(e, "bot_id") is not null || Str(e, "subtype") is not null)
        {
            return null;
        }

        var botUser = envelope.TryGetProperty("authorizations", out var auths) && auths.ValueKind == JsonValueKind.Array && auths.GetArrayLength() > 0
            ? Str(auths[0], "user_id")
            : await tokens.BotUserIdAsync(team);
        var user = Str(e, "user");
        var channel = Str(e, "channel");
        var ts = Str(e, "ts");
        if (user is null || channel is null || ts is null || user == botUser)
        {
            return null;
        }

        // Slack retries, and sometimes sends one message as several events: one answer per event id and per message.
        if (!await installations.FirstDeliveryAsync(team, "ev:" + (Str(envelope, "event_id") ?? ts))
            || !await installations.FirstDeliveryAsync(team, $"msg:{channel}:{ts}"))
        {
            return null;
        }

        var text = SlackText.Unescape(Str(e, "text") ?? "", botUser);
        var thread = Str(e, "thread_ts") ?? ts;
        var context = new CommandContext("slack", team, channel, user);
        if (!jobs.TryEnqueue("slack.event", async (_, token) =>
        {
            var reply = await runner.RunAsync(CommandParser.Parse(text), context, token);
            var botToken = await tokens.BotTokenAsync(team) ?? throw new InvalidOperationException($"No bot token for Slack workspace {team}: install the app or set Slack__BotToken.");
            await api.PostMessageAsync(botToken, channel, BlockKitRenderer.Render(reply), thread, token);
        }))
        {
            QueueFull(logger, "event");
        }

        return null;
    }

    /// <summary>A <c>block_actions</c> payload: the card's buttons and menus.</summary>
    public Task InteractionAsync(JsonElement payload)
    {
        if (Str(payload, "type") != "block_actions"
            || !payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0
            || !Uri.TryCreate(Str(payload, "response_url"), UriKind.Absolute, out var responseUrl))
        {
            return Task.CompletedTask;
        }

        var action = actions[0];
        var id = (Str(action, "action_id") ?? "").Replace(BlockKitRenderer.ActionPrefix, "", StringComparison.Ordinal);
        var value = Str(action, "value")
            ?? (action.TryGetProperty("selected_option", out var option) ? Str(option, "value") : null)
            ?? "";
        var team = payload.TryGetProperty("team", out var t) ? Str(t, "id") : null;
        var user = payload.TryGetProperty("user", out var u) ? Str(u, "id") ?? "" : "";
        team ??= payload.TryGetProperty("user", out var u2) ? Str(u2, "team_id") : null;
        var channel = payload.TryGetProperty("channel", out var c) ? Str(c, "id") : null;
        if (team is null || !WorkspaceStore.IsValidWorkspace(team) || CardActions.ToCommand(id, value) is not { } mapped)
        {
            return Task.CompletedTask;
        }

        var context = new CommandContext("slack", team, channel, user);
        if (!jobs.TryEnqueue("slack.action", async (_, token) =>
        {
            var reply = await runner.RunAsync(mapped.Command, context, token);
            var body = Message(reply);
            body["replace_original"] = mapped.ReplaceCard && !reply.InChannel;
            await api.PostToResponseUrlAsync(responseUrl, body, token);
        }))
        {
            QueueFull(logger, "interaction");
        }

        return Task.CompletedTask;
    }

    public static JsonObject Message(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var body = BlockKitRenderer.Render(reply);
        body["response_type"] = reply.InChannel ? "in_channel" : "ephemeral";
        return body;
    }

    [LoggerMessage(1, LogLevel.Information, "Slack workspace {Workspace} removed its installation ({Event})")]
    private static partial void Uninstalled(ILogger logger, string workspace, string? @event);

    [LoggerMessage(2, LogLevel.Warning, "Background queue full: dropped a Slack {Kind}")]
    private static partial void QueueFull(ILogger logger, string kind);

}
