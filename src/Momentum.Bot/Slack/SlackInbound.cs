using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;
using static Momentum.Bot.Hosting.JsonFields;

namespace Momentum.Bot.Slack;

/// <summary>
/// What Slack sends, handled the same way whether it came over HTTP or Socket Mode: slash commands answered in the
/// response when the answer is ready within Slack's window (else acknowledged and answered through <c>response_url</c>),
/// mentions and direct messages answered in thread exactly once, and card buttons.
/// </summary>
public sealed partial class SlackInbound(
    ReplyPolicy policy,
    CommandDispatcher commands,
    BackgroundWork work,
    SlackApiClient api,
    SlackTokens tokens,
    SlackInstallationStore installations,
    SlackCharts charts,
    ILogger<SlackInbound> logger) : IDeferredAnswers
{
    /// <summary>How long a slash command may take to answer in the HTTP response; Slack allows three seconds in all.</summary>
    public static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(2);

    /// <summary>Progress posts on a response URL before the answer: Slack takes five in all, and a retried post may spend one more.</summary>
    public const int MaxProgressUpdates = 3;

    /// <summary>The immediate answer to a slash command as UTF-8 JSON (null for Slack's ssl_check).</summary>
    public async Task<byte[]?> SlashCommandAsync(SlashCommand slash, CancellationToken cancellationToken)
    {
        try
        {
            return await AnswerAsync(slash, cancellationToken);
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex))
        {
            // Met before the command ran (installations, deduplication): Slack still gets an answer it can show.
            return SlackMessages.Bytes(Reply.Error("Store unavailable", StoreUnavailable.Message));
        }
    }

    private async Task<byte[]?> AnswerAsync(SlashCommand slash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slash);
        if (slash.SslCheck)
        {
            return null;
        }

        if (WorkspaceIds.Slack(slash.TeamId) is not { } workspace)
        {
            return SlackMessages.Bytes(Reply.Error("Missing workspace", "Slack sent this command without a team id."));
        }

        await installations.RememberEnterpriseAsync(workspace, slash.EnterpriseId);
        var text = SlackText.Unescape(slash.Text);
        var command = CommandParser.Parse(text);
        var context = new CommandContext(Platform.Slack, workspace, slash.ChannelId, slash.UserId);
        var responseUrl = Usable(slash.ResponseUrl);
        var answer = await policy.RunAsync(command, context, AnswerBudget, async (reply, token) =>
        {
            if (responseUrl is not null)
            {
                await api.PostToResponseUrlAsync(responseUrl, Later(await charts.PrepareAsync(reply, workspace, token), replaceOriginal: false), token);
            }
        }, cancellationToken, resumable: responseUrl is null ? null : new Resumable(responseUrl.AbsoluteUri, text), updates: responseUrl is null ? null : new AcknowledgementUpdates(
            async (reply, token) => await api.PostToResponseUrlAsync(responseUrl, Later(await charts.PrepareAsync(reply, workspace, token), replaceOriginal: true), token),
            MaxProgressUpdates));
        if (!answer.Final && responseUrl is null)
        {
            return SlackMessages.Bytes(Reply.Error("Can't answer later", "This request has no Slack response_url to answer through, and the answer needs a fresh scan of GitHub."));
        }

        return SlackMessages.Bytes(await charts.PrepareAsync(answer.Reply, workspace, cancellationToken));
    }

    public Platform Platform => Platform.Slack;

    /// <summary>Slack takes answers on a response URL for 30 minutes.</summary>
    public TimeSpan ValidFor => TimeSpan.FromMinutes(30);

    /// <summary>Answers a promise another replica made: <paramref name="destination"/> is the command's response URL.</summary>
    public async Task DeliverAsync(string destination, Reply reply, CancellationToken cancellationToken) =>
        await api.PostToResponseUrlAsync(new Uri(destination), Later(await charts.PrepareAsync(reply, null, cancellationToken), replaceOriginal: false), cancellationToken);

    /// <summary>An Events API envelope; returns the body to answer with (the challenge for url_verification).</summary>
    public async Task<JsonObject?> EventAsync(JsonElement envelope)
    {
        var type = Text(envelope, "type");
        if (type == "url_verification")
        {
            return new JsonObject { ["challenge"] = Text(envelope, "challenge") };
        }

        var e = JsonFields.Child(envelope, "event");
        if (type != "event_callback" || e.ValueKind != JsonValueKind.Object || WorkspaceIds.Slack(Text(envelope, "team_id")) is not { } team)
        {
            return null;
        }

        await installations.RememberEnterpriseAsync(team, Text(envelope, "enterprise_id"));
        var eventType = Text(e, "type");
        // tokens_revoked that names only user tokens leaves the bot installed (Momentum asks for no user scopes).
        var botRevoked = eventType == "tokens_revoked" && JsonFields.Items(JsonFields.Child(e, "tokens"), "bot").Length > 0;
        if (eventType == "app_uninstalled" || botRevoked)
        {
            await installations.RemoveAsync(team);
            Uninstalled(logger, team, eventType);
            return null;
        }

        var isMention = eventType == "app_mention";
        var isDirect = eventType == "message" && Text(e, "channel_type") == "im";
        if ((!isMention && !isDirect) || Text(e, "bot_id") is not null || Text(e, "subtype") is not null)
        {
            return null;
        }

        var botUser = JsonFields.Items(envelope, "authorizations") is [var first, ..]
            ? Text(first, "user_id")
            : await tokens.BotUserIdAsync(team);
        var user = Text(e, "user");
        var channel = Text(e, "channel");
        var ts = Text(e, "ts");
        if (user is null || channel is null || ts is null || user == botUser)
        {
            return null;
        }

        // Slack retries, and sometimes sends one message as several events: one answer per event id and per message.
        if (!await installations.FirstDeliveryAsync(team, "ev:" + (Text(envelope, "event_id") ?? ts))
            || !await installations.FirstDeliveryAsync(team, $"msg:{channel}:{ts}"))
        {
            return null;
        }

        var text = SlackText.Unescape(Text(e, "text") ?? "", botUser);
        var thread = Text(e, "thread_ts") ?? ts;
        var context = new CommandContext(Platform.Slack, team, channel, user);
        Start("slack.mention", team, async token =>
        {
            var reply = await commands.RunAsync(CommandParser.Parse(text), context, token);
            var botToken = await tokens.BotTokenAsync(team) ?? throw new InvalidOperationException($"No bot token for Slack workspace {team}: install the app or set Slack__BotToken.");
            await api.PostMessageAsync(botToken, channel, BlockKitRenderer.Render(await charts.PrepareAsync(reply, team, token)), thread, token);
        });
        return null;
    }

    /// <summary>A <c>block_actions</c> payload: the card's buttons and menus.</summary>
    public void Interaction(JsonElement payload)
    {
        if (Text(payload, "type") != "block_actions"
            || JsonFields.Items(payload, "actions") is not [var action, ..]
            || !Uri.TryCreate(Text(payload, "response_url"), UriKind.Absolute, out var url)
            || Usable(url) is not { } responseUrl)
        {
            return;
        }

        var id = (Text(action, "action_id") ?? "").Replace(BlockKitRenderer.ActionPrefix, "", StringComparison.Ordinal);
        var value = Text(action, "value") ?? Text(JsonFields.Child(action, "selected_option"), "value") ?? "";
        var userObject = JsonFields.Child(payload, "user");
        var team = WorkspaceIds.Slack(Text(JsonFields.Child(payload, "team"), "id") ?? Text(userObject, "team_id"));
        var user = Text(userObject, "id") ?? "";
        var channel = Text(JsonFields.Child(payload, "channel"), "id");
        if (team is null || CardActions.ToCommand(id, value) is not { } mapped)
        {
            return;
        }

        var context = new CommandContext(Platform.Slack, team, channel, user);
        Start("slack.action", team, async token =>
        {
            var reply = await commands.RunAsync(mapped.Command, context, token);
            await api.PostToResponseUrlAsync(responseUrl, Later(reply, replaceOriginal: mapped.ReplaceCard && !reply.InChannel), token);
        });
    }

    /// <summary>
    /// The response URL if it is Slack's (or the configured Slack API host's): a signed body still cannot make the bot
    /// post to any other host. A refused one is logged by host only (its path is a secret).
    /// </summary>
    private Uri? Usable(Uri? responseUrl)
    {
        if (responseUrl is null || api.AllowsResponseUrl(responseUrl))
        {
            return responseUrl;
        }

        RefusedResponseUrl(logger, responseUrl.IsAbsoluteUri ? $"{responseUrl.Scheme}://{responseUrl.IdnHost}:{responseUrl.Port}" : "(relative)");
        return null;
    }

    private void Start(string name, string workspace, Func<CancellationToken, Task> run)
    {
        if (!work.TryStart(name, workspace, run))
        {
            Busy(logger, name);
        }
    }

    private static JsonObject Later(Reply reply, bool replaceOriginal)
    {
        var body = SlackMessages.Message(reply);
        body["replace_original"] = replaceOriginal;
        return body;
    }

    [LoggerMessage(1, LogLevel.Information, "Slack workspace {Workspace} removed its installation ({Event})")]
    private static partial void Uninstalled(ILogger logger, string workspace, string? @event);

    [LoggerMessage(2, LogLevel.Warning, "No room for more work: dropped a Slack {Kind}")]
    private static partial void Busy(ILogger logger, string kind);

    [LoggerMessage(3, LogLevel.Warning, "Refused a response_url to {Origin}: Momentum answers only through Slack's hooks.slack.com or Slack__ApiBaseUrl's host")]
    private static partial void RefusedResponseUrl(ILogger logger, string origin);
}
