using System.Text;
using System.Text.RegularExpressions;

namespace Momentum.Bot.Slack;

/// <summary>Slack's text conventions: what arrives escaped and linked, and what must be escaped going out.</summary>
public static partial class SlackText
{
    /// <summary>
    /// Escapes text for mrkdwn: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>. With '&lt;' escaped, no <c>&lt;!channel&gt;</c>,
    /// <c>&lt;@U…&gt;</c> or link markup can be smuggled in through a project, organisation or user name.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>
    /// Turns what a user typed, as Slack delivers it, back into plain text: links <c>&lt;https://x|label&gt;</c> become
    /// their URL, mentions of the bot are dropped, other mentions become their id, entities are decoded.
    /// </summary>
    public static string Unescape(string text, string? botUserId = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return text.Trim();
        }

        var result = Markup().Replace(text, m =>
        {
            var inner = m.Groups[1].Value;
            var target = inner.Split('|')[0];
            if (target.StartsWith('@'))
            {
                return botUserId is not null && target[1..] == botUserId ? "" : target;
            }

            return target.StartsWith('#') || target.StartsWith('!') ? "" : target;
        });
        return result.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal).Trim();
    }

    [GeneratedRegex("<([^<>]+)>")]
    private static partial Regex Markup();
}
