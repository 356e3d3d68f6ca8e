using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>Requests signed the way Slack signs them.</summary>
public static class SlackRequests
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    public static HttpRequestMessage Sign(string path, string body, string contentType, DateTimeOffset at, string secret = Secret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", Signature(secret, timestamp, body));
        return request;
    }

    public static string Signature(string secret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    public static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));

    public static string SlashCommand(string text, Uri responseUrl, string team = "T0001", string channel = "C2147483705", string user = "U2147483697") =>
        Form(("token", "legacy"), ("team_id", team), ("team_domain", "example"), ("channel_id", channel), ("channel_name", "test"),
            ("user_id", user), ("user_name", "steve"), ("command", "/momentum"), ("text", text), ("response_url", responseUrl.AbsoluteUri),
            ("trigger_id", "13345224609.738474920.8088930838d88f008e0"), ("api_app_id", "A123456"));
}
