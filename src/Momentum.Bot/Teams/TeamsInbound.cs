using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;

namespace Momentum.Bot.Teams;

/// <summary>
/// What Teams sends, once its JWT is validated: messages (personal chat, group chat, channel @mentions) run the
/// command grammar and are answered in the same conversation and thread; card buttons arrive as Action.Execute
/// invokes (answered in the HTTP response) or as Action.Submit messages; installs store the conversation reference
/// and say hello, removals mark it dead. An answer that is not ready within the budget is acknowledged ("working on
/// it") and posted proactively when it is.
/// </summary>
public sealed partial class TeamsInbound(
    ReplyPolicy policy,
    HelpCommands help,
    BackgroundWork work,
    BotConnectorClient connector,
    TeamsConversationStore conversations,
    TrustedServiceUrls trusted,
    TimeProvider time,
    ChartPublisher charts,
    ILogger<TeamsInbound> logger) : IDeferredAnswers
{
    /// <summary>How long a message waits for its answer before a "working on it" message goes out first.</summary>
    public static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(2);

    /// <summary>Progress updates of an acknowledgement before the answer replaces it.</summary>
    public const int MaxProgressUpdates = 60;

    /// <summary>How long an invoke waits for its card before answering "working on it" (Teams gives up at about 15 s).</summary>
    public static readonly TimeSpan InvokeBudget = TimeSpan.FromSeconds(5);

    /// <summary>Where an answer goes: a reply in the conversation (and thread), or an update of a card the bot sent. <c>Tenant</c> is the workspace id (<c>teams:…</c>).</summary>
    private sealed record Destination(string Tenant, string Channel, string ServiceUrl, string ConversationId, string? ReplyToId, string? UpdateId = null);

    /// <summary>Handles a validated activity: the invoke response for an invoke, else null (an empty 200).</summary>
    public async Task<JsonObject?> HandleAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        await trusted.TrustAsync(activity.ServiceUrl!);
        if (activity.ChannelId != "msteams" || WorkspaceIds.Teams(activity.TenantId) is not { } tenant
            || !TeamsConversationStore.IsValidConversation(activity.Channel) || activity.ConversationId is null)
        {
            Ignored(logger, activity.Type, activity.ChannelId);
            return activity.Type == "invoke" ? InvokeError(400, "BadRequest", "Momentum answers Teams activities with a tenant and a conversation.") : null;
        }

        switch (activity.Type)
        {
            case "message":
                await MessageAsync(activity, tenant, cancellationToken);
                return null;
            case "invoke" when activity.Name == "adaptiveCard/action":
                return await CardActionAsync(activity, tenant, cancellationToken);
            case "conversationUpdate" when activity.RemovesBot:
                await RemovedAsync(activity, tenant, "the bot was removed from the conversation");
                return null;
            case "conversationUpdate" when activity.AddsBot:
            case "installationUpdate" when activity.Action == "add":
                await InstalledAsync(activity, tenant);
                return null;
            case "installationUpdate" when activity.Action == "remove":
                await RemovedAsync(activity, tenant, "the app was uninstalled");
                return null;
            default:
                return null;
        }
    }

    private async Task MessageAsync(TeamsActivity activity, string tenant, CancellationToken cancellationToken)
    {
        if (activity.IsFromBot || activity.From is null)
        {
            return;
        }

        // Someone wrote here, so the bot is here: the reference is active again even if a failed post marked it dead.
        await conversations.ActivateAsync(Reference(activity, tenant), time.GetUtcNow());
        if (activity.Id is { Length: > 0 } id && !await conversations.FirstDeliveryAsync(tenant, $"{activity.ConversationId}|{id}"))
        {
            return;
        }

        Command command;
        var replace = false;
        if (activity.Value is { ValueKind: JsonValueKind.Object } data && JsonFields.Text(data, "action") is { } action)
        {
            // An Action.Submit (the fallback of every card button).
            if (CardActions.ToCommand(action, AdaptiveCardRenderer.ActionValue(data, action) ?? "") is not { } mapped)
            {
                return;
            }

            (command, replace) = mapped;
        }
        else
        {
            command = CommandParser.Parse(TeamsText.CommandText(activity));
        }

        var destination = new Destination(tenant, activity.Channel!, activity.ServiceUrl!, activity.ConversationId!, activity.Id, replace ? activity.ReplyToId : null);
        var resumable = activity.Value is { ValueKind: JsonValueKind.Object } submitted && JsonFields.Text(submitted, "action") is { } submit
            ? new Resumable(JsonSerializer.Serialize(destination), null, submit, AdaptiveCardRenderer.ActionValue(submitted, submit) ?? "")
            : new Resumable(JsonSerializer.Serialize(destination), TeamsText.CommandText(activity));
        // The final answer goes out after the acknowledgement, never before it.
        // The acknowledgement's activity id (null when it could not be sent): progress and then the answer replace it.
        var acknowledged = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = await policy.RunAsync(command, Context(activity, tenant), AnswerBudget, async (reply, token) =>
        {
            await acknowledged.Task.WaitAsync(token);
            await DeliverAsync(destination, reply, token);
        }, cancellationToken, resumable: resumable, updates: new AcknowledgementUpdates(async (reply, token) =>
        {
            var id = await acknowledged.Task.WaitAsync(token);
            await DeliverAsync(id is null ? destination : destination with { UpdateId = id }, reply, token);
        }, MaxProgressUpdates));
        Start("teams.reply", tenant, async token =>
        {
            string? id = null;
            try
            {
                id = await DeliverAsync(destination, answer.Reply, token);
            }
            finally
            {
                acknowledged.TrySetResult(id);
            }
        });
    }

    /// <summary>
    /// An Action.Execute: the HTTP response carries the answer. Refresh replaces the card (with the fresh card when it is
    /// ready within <see cref="InvokeBudget"/>, else a "working" card that is updated in place later); the other buttons
    /// answer with a short message and post their card into the conversation.
    /// </summary>
    private async Task<JsonObject> CardActionAsync(TeamsActivity activity, string tenant, CancellationToken cancellationToken)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value || JsonFields.Child(value, "action") is not { ValueKind: JsonValueKind.Object } action)
        {
            return InvokeError(400, "BadRequest", "The invoke carries no action.");
        }

        var data = JsonFields.Child(action, "data");
        var id = JsonFields.Text(action, "verb") ?? JsonFields.Text(data, "action") ?? "";
        if (CardActions.ToCommand(id, AdaptiveCardRenderer.ActionValue(data, id) ?? "") is not { } mapped)
        {
            return InvokeError(400, "BadRequest", $"'{id}' is not a Momentum card action.");
        }

        await conversations.ActivateAsync(Reference(activity, tenant), time.GetUtcNow());
        var (command, replace) = mapped;
        var context = Context(activity, tenant);
        var destination = new Destination(tenant, activity.Channel!, activity.ServiceUrl!, activity.ConversationId!, activity.ReplyToId);
        if (replace)
        {
            var update = destination with { UpdateId = activity.ReplyToId };
            var refreshed = await policy.RunAsync(command, context, InvokeBudget, (reply, token) => DeliverAsync(update, reply, token), cancellationToken, acknowledgeWhenSlow: false, resumable: new Resumable(JsonSerializer.Serialize(update), null, id, AdaptiveCardRenderer.ActionValue(data, id) ?? ""));
            return refreshed.Refused ? Busy() : CardResponse(await charts.PublishAsync(refreshed.Reply, cancellationToken));
        }

        var answer = await policy.RunAsync(command, context, AnswerBudget, (reply, token) => DeliverAsync(destination, reply, token), cancellationToken, resumable: new Resumable(JsonSerializer.Serialize(destination), null, id, AdaptiveCardRenderer.ActionValue(data, id) ?? ""));
        if (answer.Final)
        {
            Start("teams.action", tenant, token => DeliverAsync(destination, answer.Reply, token));
        }

        return MessageResponse(answer.Reply.Summary);
    }

    /// <summary>The bot was added (to a team, a group chat, or a user's personal scope): store where it is and say hello once.</summary>
    private async Task InstalledAsync(TeamsActivity activity, string tenant)
    {
        var reference = Reference(activity, tenant);
        var added = await conversations.ActivateAsync(reference, time.GetUtcNow());
        Installed(logger, tenant, reference.Conversation, added);
        if (added)
        {
            var welcome = Welcome(help.Help(Platform.Teams));
            Start("teams.welcome", tenant, token => DeliverAsync(new Destination(tenant, reference.Conversation, reference.ServiceUrl, reference.Conversation, null), welcome, token));
        }
    }

    private async Task RemovedAsync(TeamsActivity activity, string tenant, string reason)
    {
        var ended = new List<string> { activity.Channel! };
        if (activity.TeamId is { } team && activity.ConversationType == "channel")
        {
            // Leaving a team leaves every channel in it.
            ended.AddRange(await conversations.TeamConversationsAsync(tenant, team));
        }

        foreach (var conversation in ended.Distinct(StringComparer.Ordinal))
        {
            await conversations.MarkDeadAsync(tenant, conversation, reason, time.GetUtcNow());
        }

        Removed(logger, tenant, activity.Channel!, reason);
    }

    public Platform Platform => Platform.Teams;

    /// <summary>A proactive message can go into the conversation any time; after a day the answer is stale.</summary>
    public TimeSpan ValidFor => TimeSpan.FromDays(1);

    /// <summary>Answers a promise another replica made: <paramref name="destination"/> is where the answer goes, as JSON.</summary>
    public async Task DeliverAsync(string destination, Reply reply, CancellationToken cancellationToken)
    {
        if (JsonSerializer.Deserialize<Destination>(destination) is { } where)
        {
            // The service URL came on a validated activity; the connector still checks it is trusted before sending the token.
            await DeliverAsync(where, reply, cancellationToken);
        }
    }

    /// <summary>Sends (or updates) the message; answers the activity's id, or null when the connector refused it.</summary>
    private async Task<string?> DeliverAsync(Destination destination, Reply reply, CancellationToken cancellationToken)
    {
        var message = AdaptiveCardRenderer.Message(await charts.PublishAsync(reply, cancellationToken));
        try
        {
            if (destination.UpdateId is { Length: > 0 } update)
            {
                await connector.UpdateAsync(destination.ServiceUrl, destination.ConversationId, update, message, cancellationToken);
                return update;
            }

            return await connector.SendAsync(destination.ServiceUrl, destination.ConversationId, message, destination.ReplyToId, cancellationToken);
        }
        catch (BotConnectorException ex)
        {
            ReplyFailed(logger, destination.ConversationId, ex.Status, ex.Code);
            if (ex.ConversationGone)
            {
                await conversations.MarkDeadAsync(destination.Tenant, destination.Channel, ex.Code, time.GetUtcNow());
            }

            return null;
        }
    }

    private void Start(string name, string workspace, Func<CancellationToken, Task> run)
    {
        if (!work.TryStart(name, workspace, run))
        {
            QueueFull(logger, name);
        }
    }

    private static CommandContext Context(TeamsActivity activity, string tenant) =>
        new(Platform.Teams, tenant, activity.Channel, activity.From?.AadObjectId ?? activity.From?.Id ?? "");

    private static TeamsConversation Reference(TeamsActivity activity, string tenant) => new(
        tenant,
        activity.Channel!,
        activity.ServiceUrl!,
        activity.ConversationType,
        activity.TeamId,
        activity.ConversationType == "channel" ? activity.Channel : null,
        activity.Recipient?.Id ?? "");

    private static Reply Welcome(Reply help) => help with
    {
        Title = "Hi, I'm Momentum",
        Subtitle = "I tell you how much real community momentum an open-source project has: active and new contributors, end-user versus vendor contributions, and what moved.",
        Summary = "Momentum is installed: mention @Momentum with a project name, for example @Momentum cilium.",
    };

    private static JsonObject CardResponse(Reply reply) => new()
    {
        ["statusCode"] = 200,
        ["type"] = AdaptiveCardRenderer.ContentType,
        ["value"] = AdaptiveCardRenderer.Render(reply),
    };

    private static JsonObject MessageResponse(string text) => new()
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.activity.message",
        ["value"] = Reply.Truncate(text, AdaptiveCardRenderer.MaxSummary),
    };

    private static JsonObject Busy() => InvokeError(503, "Busy", Reply.Busy().Sections[0].Lines[0]);

    private static JsonObject InvokeError(int status, string code, string message) => new()
    {
        ["statusCode"] = status,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    [LoggerMessage(1, LogLevel.Debug, "Ignored a Teams {Type} activity from channel {ChannelId}")]
    private static partial void Ignored(ILogger logger, string type, string? channelId);

    [LoggerMessage(2, LogLevel.Information, "Momentum was added to Teams conversation {Conversation} in tenant {Tenant} (new: {Added})")]
    private static partial void Installed(ILogger logger, string tenant, string conversation, bool added);

    [LoggerMessage(3, LogLevel.Information, "Teams conversation {Conversation} in tenant {Tenant} ended: {Reason}")]
    private static partial void Removed(ILogger logger, string tenant, string conversation, string reason);

    [LoggerMessage(4, LogLevel.Warning, "The host is stopping: dropped a Teams {Kind}")]
    private static partial void QueueFull(ILogger logger, string kind);

    [LoggerMessage(6, LogLevel.Warning, "Could not answer in Teams conversation {Conversation}: {Status} {Code}")]
    private static partial void ReplyFailed(ILogger logger, string conversation, int status, string code);
}
