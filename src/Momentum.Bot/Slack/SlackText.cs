using System.Text;
using System.Text.RegularExpressions;

namespace Momentum.Bot.Slack;

/// <summary>Slack's text conventions: what arrives escaped and linked, and what must be escaped going out.</summary>
public static partial class SlackText
{
    /// <summary>U+200D ZERO WIDTH JOINER: put before a formatting character so it stays a literal character.</summary>
    public const char FormattingBreak = '\u200D';

    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("&<>*_~`");

    /// <summary>
    /// Escapes text for mrkdwn — the one place that does. <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> become entities, so no
    /// <c>&lt;!channel&gt;</c>, <c>&lt;@U…&gt;</c> or link markup can be smuggled in through a project, organisation or
    /// user name. Slack has no escape for its formatting characters (<c>*</c> bold, <c>_</c> italic, <c>~</c> strike,
    /// <c>`</c> code): each gets a zero-width joiner in front, which Slack does not take as a word boundary, so the
    /// character no longer opens or closes formatting and reads the same (<c>*Bold* Industries</c> stays literal).
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(Special) < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    sb.Append("&amp;");
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '*' or '_' or '~' or '`':
                    sb.Append(FormattingBreak).Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A URL inside link markup: entities only (a joiner would change the address).</summary>
    public static string EscapeUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
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
