namespace Momentum.Bot.Slack;

/// <summary>A slash command as Slack sends it (form fields over HTTP, a JSON payload over Socket Mode).</summary>
public sealed record SlashCommand(string TeamId, string? EnterpriseId, string ChannelId, string UserId, string Text, Uri? ResponseUrl, bool SslCheck)
{
    public static SlashCommand From(Func<string, string?> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return new(
            field("team_id") ?? "",
            field("enterprise_id"),
            field("channel_id") ?? "",
            field("user_id") ?? "",
            field("text") ?? "",
            Uri.TryCreate(field("response_url"), UriKind.Absolute, out var url) ? url : null,
            field("ssl_check") == "1");
    }
}
