using System.Globalization;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Teams;

/// <summary>
/// What Momentum needs to post into a Teams conversation later (a conversation reference): the service URL it was
/// reached through, the conversation, and where it sits. <see cref="Conversation"/> is the channel id for a Teams
/// channel, else the chat's conversation id; it is the <c>Channel</c> of subscriptions and outbox targets.
/// </summary>
public sealed record TeamsConversation(
    string Tenant,
    string Conversation,
    string ServiceUrl,
    string? ConversationType,
    string? TeamId,
    string? ChannelId,
    string BotId,
    bool Active = true,
    string? DeadReason = null,
    DateTimeOffset UpdatedAt = default);

/// <summary>
/// Teams conversation references under their tenant's keys (<c>ws:{tenant}:teams-conv:{conversation}</c>, a hash;
/// <c>ws:{tenant}:teams-team:{team}</c>, a set of a team's conversations),
/// the service URLs seen on validated activities (<c>teams:service-urls</c>, a set), and the ids of activities
/// already handled (<c>ws:{tenant}:teams-seen:{…}</c>, ten minutes).
/// </summary>
public sealed class TeamsConversationStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    public const int MaxConversationLength = 512;

    // Atomic, so that the installationUpdate and conversationUpdate Teams sends for one install welcome once.
    private const string ActivateScript = """
        local previous = redis.call('HGET', KEYS[1], 'status')
        redis.call('HSET', KEYS[1], 'serviceUrl', ARGV[1], 'conversationType', ARGV[2], 'teamId', ARGV[3], 'channelId', ARGV[4],
          'botId', ARGV[5], 'updatedAt', ARGV[6], 'status', 'active', 'deadReason', '')
        if ARGV[3] ~= '' then redis.call('SADD', KEYS[2], ARGV[7]) end
        if previous == 'active' then return 0 end
        return 1
        """;

    private const string MarkDeadScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 'status', 'dead', 'deadReason', ARGV[1], 'updatedAt', ARGV[2])
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    private RedisKey ServiceUrls => keys.TeamsServiceUrls;

    public static bool IsValidConversation(string? conversation) => conversation is { Length: > 0 and <= MaxConversationLength };

    private RedisKey Key(string tenant, string conversation) => IsValidConversation(conversation)
        ? keys.TeamsConversation(tenant, conversation)
        : throw new ArgumentException($"'{conversation}' is not a Teams conversation id.", nameof(conversation));

    private RedisKey Team(string tenant, string teamId) => keys.TeamsTeam(tenant, teamId);

    /// <summary>Stores the reference as active; true when it was unknown or dead before (the bot was just added).</summary>
    public async Task<bool> ActivateAsync(TeamsConversation conversation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var result = await Db.ScriptEvaluateAsync(ActivateScript, [Key(conversation.Tenant, conversation.Conversation), Team(conversation.Tenant, conversation.TeamId ?? "")],
        [
            conversation.ServiceUrl, conversation.ConversationType ?? "", conversation.TeamId ?? "", conversation.ChannelId ?? "",
            conversation.BotId, now.ToUnixTimeMilliseconds(), conversation.Conversation,
        ]);
        return (long)result == 1;
    }

    public async Task<TeamsConversation?> GetAsync(string tenant, string conversation)
    {
        if (!WorkspaceIds.IsValid(tenant) || !IsValidConversation(conversation))
        {
            return null;
        }

        var fields = (await Db.HashGetAllAsync(Key(tenant, conversation))).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        if (fields.Count == 0)
        {
            return null;
        }

        string? Text(string name) => fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        return new TeamsConversation(
            tenant,
            conversation,
            fields["serviceUrl"],
            Text("conversationType"),
            Text("teamId"),
            Text("channelId"),
            fields["botId"],
            Text("status") == "active",
            Text("deadReason"),
            Text("updatedAt") is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(at, CultureInfo.InvariantCulture)) : default);
    }

    /// <summary>The bot was removed, blocked or uninstalled: nothing is posted there until it is added again.</summary>
    public async Task<bool> MarkDeadAsync(string tenant, string conversation, string reason, DateTimeOffset now) =>
        (long)await Db.ScriptEvaluateAsync(MarkDeadScript, [Key(tenant, conversation)], [reason, now.ToUnixTimeMilliseconds()]) == 1;

    /// <summary>The conversations Momentum knows in a team (its channels): removing the bot from the team ends them all.</summary>
    public async Task<IReadOnlyList<string>> TeamConversationsAsync(string tenant, string teamId) =>
        WorkspaceIds.IsValid(tenant) && IsValidConversation(teamId)
            ? (await Db.SetMembersAsync(Team(tenant, teamId))).Select(m => m.ToString()).ToArray()
            : [];

    /// <summary>Remembers a service URL that came on a validated activity: only these ever receive the bot's token.</summary>
    public Task TrustServiceUrlAsync(string serviceUrl) => Db.SetAddAsync(ServiceUrls, serviceUrl);

    public Task<bool> IsTrustedServiceUrlAsync(string serviceUrl) => Db.SetContainsAsync(ServiceUrls, serviceUrl);

    /// <summary>First sight of an activity within ten minutes (the connector may redeliver); false for repeats.</summary>
    public Task<bool> FirstDeliveryAsync(string tenant, string key) =>
        Db.StringSetAsync(keys.TeamsSeen(tenant, key), "1", TimeSpan.FromMinutes(10), When.NotExists);
}
