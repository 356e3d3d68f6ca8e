using System.Net;
using System.Text;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Playground;

/// <summary>Renders a <see cref="Reply"/> as an HTML card for the playground. Every piece of text is HTML-encoded.</summary>
public static class HtmlRenderer
{
    public static string Render(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("<article class=\"card tone-").Append(reply.Tone.ToString().ToLowerInvariant()).Append("\">");
        html.Append("<h2>").Append(E(reply.Title)).Append("</h2>");
        if (reply.Subtitle is { Length: > 0 } subtitle)
        {
            html.Append("<p class=\"subtitle\">").Append(E(subtitle)).Append("</p>");
        }

        if (reply.Facts.Count > 0)
        {
            html.Append("<dl class=\"facts\">");
            foreach (var fact in reply.Facts)
            {
                html.Append("<div><dt>").Append(E(fact.Label)).Append("</dt><dd>").Append(E(fact.Value)).Append("</dd></div>");
            }

            html.Append("</dl>");
        }

        foreach (var section in reply.Sections)
        {
            html.Append("<section>");
            if (section.Heading is { Length: > 0 } heading)
            {
                html.Append("<h3>").Append(E(heading)).Append("</h3>");
            }

            foreach (var line in section.Lines)
            {
                html.Append("<p>").Append(E(line)).Append("</p>");
            }

            foreach (var link in section.Links)
            {
                html.Append("<p><a href=\"").Append(E(link.Url.AbsoluteUri)).Append("\" rel=\"noopener\" target=\"_blank\">").Append(E(link.Label)).Append("</a></p>");
            }

            html.Append("</section>");
        }

        // The page shows the very PNG Slack and Teams get, inline (nothing to fetch, nothing to sign).
        foreach (var chart in reply.Charts)
        {
            html.Append("<figure class=\"chart\"><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(chart.Png))
                .Append("\" width=\"800\" height=\"300\" alt=\"").Append(E(chart.AltText)).Append("\"><figcaption>").Append(E(chart.Title)).Append("</figcaption></figure>");
        }

        foreach (var series in reply.Series)
        {
            html.Append("<p class=\"series\"><span>").Append(E(series.Label)).Append("</span> <code>").Append(E(series.Sparkline)).Append("</code> <small class=\"scale\">").Append(E(series.Caption)).Append("</small></p>");
        }

        if (reply.Table is { } table)
        {
            html.Append("<table><thead><tr>");
            foreach (var column in table.Columns)
            {
                html.Append("<th>").Append(E(column)).Append("</th>");
            }

            html.Append("</tr></thead><tbody>");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                for (var i = 0; i < row.Count; i++)
                {
                    html.Append(i == 0 ? "<th>" : "<td>").Append(E(row[i])).Append(i == 0 ? "</th>" : "</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</tbody></table>");
        }

        if (reply.Notes.Count > 0)
        {
            html.Append("<ul class=\"notes\">");
            foreach (var note in reply.Notes)
            {
                html.Append("<li>").Append(E(note)).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (reply.Actions.Count > 0 || reply.Choices.Count > 0)
        {
            html.Append("<div class=\"actions\">");
            foreach (var choice in reply.Choices.Where(c => c.Options.Count > 0))
            {
                // A pick-one menu, as Block Kit's static_select: choosing runs the action with the option's value.
                html.Append("<select data-action=\"").Append(E(choice.Id)).Append("\" aria-label=\"").Append(E(choice.Placeholder)).Append("\"><option value=\"\">")
                    .Append(E(choice.Placeholder)).Append("</option>");
                foreach (var option in choice.Options)
                {
                    html.Append("<option value=\"").Append(E(option.Value)).Append("\">").Append(E(option.Label)).Append("</option>");
                }

                html.Append("</select>");
            }

            foreach (var action in reply.Actions)
            {
                html.Append("<button type=\"button\" data-action=\"").Append(E(action.Id)).Append("\" data-value=\"").Append(E(action.Value)).Append("\">")
                    .Append(E(action.Label)).Append("</button>");
            }

            html.Append("</div>");
        }

        html.Append("</article>");
        return html.ToString();
    }
}
