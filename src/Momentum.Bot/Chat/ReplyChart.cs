using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Momentum.Bot.Chat;

/// <summary>
/// A picture of a reply's numbers: a PNG (same data, same bytes), the words that say what it shows, and where a
/// platform can fetch it once delivered (a signed URL, or a file uploaded to Slack). Renderers that cannot show it rely
/// on the reply's text and sparklines, which always say the same thing.
/// </summary>
public sealed record ReplyChart(string Kind, string Title, string AltText, byte[] Png)
{
    /// <summary>Names the picture by its content: the same chart has the same id on every replica.</summary>
    [JsonIgnore]
    public string Id => _id ??= Convert.ToHexStringLower(SHA256.HashData(Png))[..32];

    private string? _id;

    /// <summary>Where anyone with the link can fetch the PNG until it expires (set when the host has a public address).</summary>
    public Uri? Url { get; init; }

    /// <summary>The Slack file that holds the PNG (set when it was uploaded to Slack instead).</summary>
    public string? SlackFileId { get; init; }

    /// <summary>Whether a platform has a way to show it.</summary>
    [JsonIgnore]
    public bool Delivered => Url is not null || SlackFileId is not null;
}
