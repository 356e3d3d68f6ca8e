using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Momentum.Bot.Teams;

/// <summary>Teams' text conventions: what a user's message looks like when it arrives, and escaping what goes back.</summary>
public static partial class TeamsText
{
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("&<>\\*_`~[]");

    /// <summary>
    /// Escapes text for the markdown Teams renders in Adaptive Card text and message text: <c>&amp;</c>, <c>&lt;</c>,
    /// <c>&gt;</c> as entities (no <c>&lt;at&gt;</c>, HTML or autolinks can be smuggled in) and markdown's
    /// emphasis, code and link characters with a backslash (no bold, links or code spans from a project name).
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
                case '\\' or '*' or '_' or '`' or '~' or '[' or ']':
                    sb.Append('\\').Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The command a message carries: its text without the bot's own mention (found through the mention entity whose
    /// id is the recipient's, not by display name, which users can rename or localise), other mentions reduced to the
    /// name, HTML entities decoded, and an optional leading <c>/momentum</c> or <c>momentum</c>.
    /// </summary>
    public static string CommandText(TeamsActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? "";
        if (activity.Recipient is { } bot)
        {
            foreach (var mention in activity.Mentions.Where(m => m.Id == bot.Id && !string.IsNullOrEmpty(m.Text)))
            {
                text = text.Replace(mention.Text!, " ", StringComparison.Ordinal);
            }
        }

        text = WebUtility.HtmlDecode(AtTag().Replace(text, "$1")).Replace('\u00a0', ' ').Trim();
        var first = text.IndexOfAny([' ', '\t', '\n', '\r']);
        var head = first < 0 ? text : text[..first];
        if (head.Equals("momentum", StringComparison.OrdinalIgnoreCase) || head.Equals("/momentum", StringComparison.OrdinalIgnoreCase))
        {
            text = first < 0 ? "" : text[first..].Trim();
        }

        return text;
    }

    [GeneratedRegex("<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();
}
