using System.Text.Json;
using Momentum.Bot.Hosting;

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

    /// <summary>The tenant (<c>conversation.tenantId</c> or <c>channelData.tenant.id</c>); null when the two disagree.</summary>
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
        if (root.ValueKind != JsonValueKind.Object || JsonFields.Text(root, "type") is not { Length: > 0 } type)
        {
            return null;
        }

        var conversation = JsonFields.Child(root, "conversation");
        var channelData = JsonFields.Child(root, "channelData");
        return new TeamsActivity
        {
            Type = type,
            Id = JsonFields.Text(root, "id"),
            Name = JsonFields.Text(root, "name"),
            ChannelId = JsonFields.Text(root, "channelId"),
            ServiceUrl = JsonFields.Text(root, "serviceUrl"),
            Text = JsonFields.Text(root, "text"),
            Value = root.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null,
            ConversationId = JsonFields.Text(conversation, "id"),
            ConversationType = JsonFields.Text(conversation, "conversationType"),
            TenantId = Tenant(JsonFields.Text(conversation, "tenantId"), JsonFields.Text(JsonFields.Child(channelData, "tenant"), "id")),
            TeamId = JsonFields.Text(JsonFields.Child(channelData, "team"), "id") ?? JsonFields.Text(channelData, "teamsTeamId"),
            TeamsChannelId = JsonFields.Text(JsonFields.Child(channelData, "channel"), "id") ?? JsonFields.Text(channelData, "teamsChannelId"),
            From = Account(JsonFields.Child(root, "from")),
            Recipient = Account(JsonFields.Child(root, "recipient")),
            ReplyToId = JsonFields.Text(root, "replyToId"),
            Action = JsonFields.Text(root, "action"),
            MembersAdded = Ids(root, "membersAdded"),
            MembersRemoved = Ids(root, "membersRemoved"),
            Mentions = JsonFields.Items(root, "entities")
                .Where(e => JsonFields.Text(e, "type") == "mention" && Account(JsonFields.Child(e, "mentioned")) is not null)
                .Select(e => new TeamsMention(Account(JsonFields.Child(e, "mentioned"))!.Id, JsonFields.Text(e, "text")))
                .ToArray(),
        };
    }

    private static string? Tenant(string? conversation, string? channelData) =>
        conversation is null || channelData is null || string.Equals(conversation, channelData, StringComparison.OrdinalIgnoreCase)
            ? conversation ?? channelData
            : null;

    private static TeamsAccount? Account(JsonElement element) =>
        JsonFields.Text(element, "id") is { Length: > 0 } id ? new TeamsAccount(id, JsonFields.Text(element, "name"), JsonFields.Text(element, "aadObjectId")) : null;

    private static string[] Ids(JsonElement element, string name) =>
        JsonFields.Items(element, name).Select(m => JsonFields.Text(m, "id")).OfType<string>().ToArray();
}
