using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Momentum.Bot.Commands;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;

namespace Momentum.Bot.Teams;

/// <summary>
/// What Teams sends, once its JWT is validated: messages (personal chat, group chat, channel @mentions) run the
/// command grammar and are answered in the same conversation and thread; card buttons arrive as Action.Execute
/// invokes (answered in the HTTP response) or as Action.Submit messages; installs store the conversation reference
/// and say hello, removals mark it dead. Stored data is answered at once; anything that needs GitHub is acknowledged
/// and finished on the background queue Slack uses too, then posted proactively.
/// </summary>
public sealed partial class TeamsInbound(
    CommandRunner runner,
    BackgroundJobs jobs,
    BotConnectorClient connector,
    TeamsConversationStore conversations,
    TrustedServiceUrls trusted,
    TimeProvider time,
    ILogger<TeamsInbound> logger)
{
    public const string Platform = "teams";

    /// <summary>How long an invoke waits for its card before answering "working on it" (Teams gives up at about 15 s).</summary>
    public static readonly TimeSpan InvokeBudget = TimeSpan.FromSeconds(5);

    // Conversation references this process already stored, by tenant|conversation → service URL, so a busy
    // conversation does not write its reference on every message.
    private readonly ConcurrentDictionary<string, string> _references = new(StringComparer.Ordinal);

    /// <summary>Where an answer goes: a reply in the conversation (and thread), or an update of a card the bot sent.</summary>
    private sealed record Destination(string Tenant, string Channel, string ServiceUrl, string ConversationId, string? ReplyToId, string? UpdateId = null);

    /// <summary>Handles a validated activity: the invoke response for an invoke, else null (an empty 200).</summary>
    public async Task<JsonObject?> HandleAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        await trusted.TrustAsync(activity.ServiceUrl!);
        if (activity.ChannelId != "msteams" || activity.TenantId is not { } tenant || !WorkspaceStore.IsValidWorkspace(tenant)
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

        await RememberAsync(activity, tenant);
        if (activity.Id is { Length: > 0 } id && !await conversations.FirstDeliveryAsync(tenant, $"{activity.ConversationId}|{id}"))
        {
            return;
        }

        Command command;
        var replace = false;
        if (activity.Value is { ValueKind: JsonValueKind.Object } data && JsonFields.Str(data, "action") is { } action)
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

        var context = Context(activity, tenant);
        var destination = new Destination(tenant, activity.Channel!, activity.ServiceUrl!, activity.ConversationId!, activity.Id, replace ? activity.ReplyToId : null);
        if (await runner.IsQuickAsync(command, context))
        {
            var reply = await runner.RunAsync(command, context, cancellationToken);
            Enqueue("teams.reply", token => DeliverAsync(destination, reply, token));
            return;
        }

        Enqueue("teams.command", async token =>
        {
            await DeliverAsync(destination, Reply.Working(command, WorkingSummary), token);
            await DeliverAsync(destination, await runner.RunAsync(command, context, token), token);
        });
    }

    /// <summary>
    /// An Action.Execute: the HTTP response carries the answer. Refresh replaces the card (with the fresh card when it is
    /// ready within <see cref="InvokeBudget"/>, else a "working" card that is updated in place later); the other buttons
    /// answer with a short message and post their card into the conversation.
    /// </summary>
    private async Task<JsonObject> CardActionAsync(TeamsActivity activity, string tenant, CancellationToken cancellationToken)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            return InvokeError(400, "BadRequest", "The invoke carries no action.");
        }

        var data = action.TryGetProperty("data", out var d) ? d : default;
        var id = JsonFields.Str(action, "verb") ?? JsonFields.Str(data, "action") ?? "";
        if (CardActions.ToCommand(id, AdaptiveCardRenderer.ActionValue(data, id) ?? "") is not { } mapped)
        {
            return InvokeError(400, "BadRequest", $"'{id}' is not a Momentum card action.");
        }

        await RememberAsync(activity, tenant);
        var (command, replace) = mapped;
        var context = Context(activity, tenant);
        var destination = new Destination(tenant, activity.Channel!, activity.ServiceUrl!, activity.ConversationId!, activity.ReplyToId);
        if (replace)
        {
            var answer = new InlineAnswer();
            if (!jobs.TryEnqueue("teams.refresh", async (_, token) =>
            {
                var reply = await runner.RunAsync(command, context, token);
                if (!answer.TryAnswerInline(reply))
                {
                    await DeliverAsync(destination with { UpdateId = activity.ReplyToId }, reply, token);
                }
            }))
            {
                return Busy();
            }

            var inline = await answer.WaitAsync(InvokeBudget, time, cancellationToken);
            return CardResponse(inline ?? Reply.Working(command, WorkingSummary));
        }

        if (await runner.IsQuickAsync(command, context))
        {
            var reply = await runner.RunAsync(command, context, cancellationToken);
            return Enqueue("teams.action", token => DeliverAsync(destination, reply, token)) ? MessageResponse(reply.Summary) : Busy();
        }

        return Enqueue("teams.action", async token => await DeliverAsync(destination, await runner.RunAsync(command, context, token), token))
            ? MessageResponse(Reply.Working(command, WorkingSummary).Summary)
            : Busy();
    }

    /// <summary>The bot was added (to a team, a group chat, or a user's personal scope): store where it is and say hello once.</summary>
    private async Task InstalledAsync(TeamsActivity activity, string tenant)
    {
        var reference = Reference(activity, tenant);
        var added = await conversations.ActivateAsync(reference, time.GetUtcNow());
        _references[$"{tenant}|{reference.Conversation}"] = reference.ServiceUrl;
        Installed(logger, tenant, reference.Conversation, added);
        if (added)
        {
            var welcome = Welcome(await runner.RunAsync(new HelpCommand(), Context(activity, tenant)));
            Enqueue("teams.welcome", token => DeliverAsync(new Destination(tenant, reference.Conversation, reference.ServiceUrl, reference.Conversation, null), welcome, token));
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
            _references.TryRemove($"{tenant}|{conversation}", out _);
        }

        Removed(logger, tenant, activity.Channel!, reason);
    }

    /// <summary>Stores the conversation reference the first time this process sees the conversation (or a new service URL for it).</summary>
    private async Task RememberAsync(TeamsActivity activity, string tenant)
    {
        var key = $"{tenant}|{activity.Channel}";
        if (_references.TryGetValue(key, out var known) && known == activity.ServiceUrl)
        {
            return;
        }

        await conversations.ActivateAsync(Reference(activity, tenant), time.GetUtcNow());
        _references[key] = activity.ServiceUrl!;
    }

    private async Task DeliverAsync(Destination destination, Reply reply, CancellationToken cancellationToken)
    {
        var message = AdaptiveCardRenderer.Message(reply);
        try
        {
            if (destination.UpdateId is { Length: > 0 } update)
            {
                await connector.UpdateAsync(destination.ServiceUrl, destination.ConversationId, update, message, cancellationToken);
            }
            else
            {
                await connector.SendAsync(destination.ServiceUrl, destination.ConversationId, message, destination.ReplyToId, cancellationToken);
            }
        }
        catch (BotConnectorException ex)
        {
            ReplyFailed(logger, destination.ConversationId, ex.Status, ex.Code);
            if (ex.ConversationGone)
            {
                await conversations.MarkDeadAsync(destination.Tenant, destination.Channel, ex.Code, time.GetUtcNow());
                _references.TryRemove($"{destination.Tenant}|{destination.Channel}", out _);
            }
        }
    }

    private bool Enqueue(string name, Func<CancellationToken, Task> work)
    {
        if (jobs.TryEnqueue(name, (_, token) => work(token)))
        {
            return true;
        }

        QueueFull(logger, name);
        return false;
    }

    private static CommandContext Context(TeamsActivity activity, string tenant) =>
        new(Platform, tenant, activity.Channel, activity.From?.AadObjectId ?? activity.From?.Id ?? "");

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

    private const string WorkingSummary = "Working on it: fetching fresh history from GitHub; the answer will be posted here.";

    private static JsonObject Busy() => InvokeError(503, "Busy", Reply.BusyDetail);

    private static JsonObject InvokeError(int status, string code, string message) => new()
    {
        ["statusCode"] = status,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    /// <summary>An answer the invoke waits for until its budget runs out; after that, the job delivers it itself.</summary>
    private sealed class InlineAnswer
    {
        private readonly TaskCompletionSource<Reply> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state; // 0 waiting, 1 answered inline, 2 the request stopped waiting

        public bool TryAnswerInline(Reply reply)
        {
            if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            {
                return false;
            }

            _done.SetResult(reply);
            return true;
        }

        public async Task<Reply?> WaitAsync(TimeSpan budget, TimeProvider time, CancellationToken cancellationToken)
        {
            try
            {
                return await _done.Task.WaitAsync(budget, time, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                return Interlocked.CompareExchange(ref _state, 2, 0) == 0 ? null : await _done.Task;
            }
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Ignored a Teams {Type} activity from channel {ChannelId}")]
    private static partial void Ignored(ILogger logger, string type, string? channelId);

    [LoggerMessage(2, LogLevel.Information, "Momentum was added to Teams conversation {Conversation} in tenant {Tenant} (new: {Added})")]
    private static partial void Installed(ILogger logger, string tenant, string conversation, bool added);

    [LoggerMessage(3, LogLevel.Information, "Teams conversation {Conversation} in tenant {Tenant} ended: {Reason}")]
    private static partial void Removed(ILogger logger, string tenant, string conversation, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Background queue full: dropped a Teams {Kind}")]
    private static partial void QueueFull(ILogger logger, string kind);


    [LoggerMessage(6, LogLevel.Warning, "Could not answer in Teams conversation {Conversation}: {Status} {Code}")]
    private static partial void ReplyFailed(ILogger logger, string conversation, int status, string code);
}
