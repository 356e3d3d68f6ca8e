using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Slack;

/// <summary>A reply as the body of a Slack answer (slash command response, response URL post): Block Kit plus its visibility.</summary>
public static class SlackMessages
{
    // A reply is immutable: what it renders to is kept with the reply object itself, and goes when the reply goes
    // (cards of stored reports are reused while their report lives; see ReportView).
    private static readonly ConditionalWeakTable<Reply, byte[]> Rendered = [];

    public static JsonObject Message(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var body = BlockKitRenderer.Render(reply);
        body["response_type"] = reply.InChannel ? "in_channel" : "ephemeral";
        return body;
    }

    /// <summary>The message as UTF-8 JSON, rendered once per reply object.</summary>
    public static byte[] Bytes(Reply reply) =>
        Rendered.GetValue(reply, static r => Encoding.UTF8.GetBytes(Message(r).ToJsonString()));
}
