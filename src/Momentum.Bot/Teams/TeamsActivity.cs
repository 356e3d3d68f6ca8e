using System.Text.Json;
using static Momentum.Bot.Hosting.JsonFields;

namespace Momentum.Bot.Teams;

/// <summary>Someone in a conversation: a user (<c>29:…</c>) or a bot (<c>28:&lt;appId&gt;</c>).</summary>
public sealed record TeamsAccount(string Id, string? Name, string? AadObjectId);

/// <summary>A <c>mention</c> entity: who is mentioned, and the <c>&lt;at&gt;…&lt;/at&gt;</c> text standing for them.</summary>
public sealed record TeamsMention(string Id, string? Text);

/// <summary>
/// The parts of a Bot Framework activity Momentum reads (reference: the Bot Framework activity schema; Teams adds
/// <c>channelData</c>). Parsed by hand from the validated body, so unknown or missing fields never fail a request.
/// </summary>
public sealed record TeamsActivity
{
    public required string Type { get; init; }

    public string? Id { get; init; }

    /// <summary>The invoke's name (<c>adaptiveCard/action</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The channel the activity came through: <c>msteams</c>.</summary>
    public string? ChannelId { get; init; }

    public string? ServiceUrl { get; init; }

    public string? Text { get; init; }

    /// <summary>Card data: an Action.Submit's data, or an invoke's <c>{action: {verb, data}}</c>.</summary>
    public JsonElement? Value { get; init; }

    public string? ConversationId { get; init; }

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; init; }

    public string? TenantId { get; init; }

    public string? TeamId { get; init; }

    /// <summary>The Teams channel (<c>19:…@thread.tacv2</c>) of a channel conversation.</summary>
    public string? TeamsChannelId { get; init; }

    public TeamsAccount? From { get; init; }

    public TeamsAccount? Recipient { get; init; }

    public string? ReplyToId { get; init; }

    /// <summary>installationUpdate: <c>add</c>, <c>remove</c>, <c>add-upgrade</c>, <c>remove-upgrade</c>.</summary>
    public string? Action { get; init; }

    public IReadOnlyList<string> MembersAdded { get; init; } = [];

    public IReadOnlyList<string> MembersRemoved { get; init; } = [];

    public IReadOnlyList<TeamsMention> Mentions { get; init; } = [];

    /// <summary>
    /// Where subscriptions and conversation references live: a Teams channel's id for channel conversations (a thread's
    /// conversation id is the channel id plus <c>;messageid=…</c>), else the conversation id (personal or group chat).
    /// </summary>
    public string? Channel => ConversationType == "channel"
        ? TeamsChannelId ?? WithoutThread(ConversationId)
        : ConversationId;

    public bool IsFromBot => From is { } from && Recipient is { } recipient && from.Id == recipient.Id;

    public bool AddsBot => Recipient is { } bot && MembersAdded.Contains(bot.Id, StringComparer.Ordinal);

    public bool RemovesBot => Recipient is { } bot && MembersRemoved.Contains(bot.Id, StringComparer.Ordinal);

    public static string? WithoutThread(string? conversationId)
    {
        var cut = conversationId?.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase) ?? -1;
        return cut >= 0 ? conversationId![..cut] : conversationId;
    }

    public static TeamsActivity? Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || Str(root, "type") is not { Length: > 0 } type)
        {
            return null;
        }

        var conversation = Obj(root, "conversation");
        var channelData = Obj(root, "channelData");
        return new TeamsActivity
        {
            Type = type,
            Id = Str(root, "id"),
            Name = Str(root, "name"),
            ChannelId = Str(root, "channelId"),
            ServiceUrl = Str(root, "serviceUrl"),
            Text = Str(root, "text"),
            Value = root.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null,
            ConversationId = Str(conversation, "id"),
            ConversationType = Str(conversation, "conversationType"),
            TenantId = Str(conversation, "tenantId") ?? Str(Obj(channelData, "tenant"), "id"),
            TeamId = Str(Obj(channelData, "team"), "id") ?? Str(channelData, "teamsTeamId"),
            TeamsChannelId = Str(Obj(channelData, "channel"), "id") ?? Str(channelData, "teamsChannelId"),
            From = Account(Obj(root, "from")),
            Recipient = Account(Obj(root, "recipient")),
            ReplyToId = Str(root, "replyToId"),
            Action = Str(root, "action"),
            MembersAdded = Ids(root, "membersAdded"),
            MembersRemoved = Ids(root, "membersRemoved"),
            Mentions = Array(root, "entities")
                .Where(e => Str(e, "type") == "mention" && Account(Obj(e, "mentioned")) is not null)
                .Select(e => new TeamsMention(Account(Obj(e, "mentioned"))!.Id, Str(e, "text")))
                .ToArray(),
        };
    }

    private static TeamsAccount? Account(JsonElement element) =>
        Str(element, "id") is { Length: > 0 } id ? new TeamsAccount(id, Str(element, "name"), Str(element, "aadObjectId")) : null;

    private static string[] Ids(JsonElement element, string name) =>
        Array(element, name).Select(m => Str(m, "id")).OfType<string>().ToArray();

    private static JsonElement[] Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().ToArray()
            : [];

    private static JsonElement Obj(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;
}
