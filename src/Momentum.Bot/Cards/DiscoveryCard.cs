using System.Globalization;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports.Discovery;

namespace Momentum.Bot.Cards;

/// <summary>A discovery's ranking: one row per candidate, its reason and stage, stars last (they lag); Watch for each.</summary>
public static class DiscoveryCard
{
    /// <summary>Buttons for the first few (Slack shows five; Teams four beside the menu, within five card actions); the menu holds every result.</summary>
    public const int WatchButtons = 5;

    public static Reply Build(DiscoveryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var inv = CultureInfo.InvariantCulture;
        var projects = result.Projects;
        var title = $"Rising in {result.Query.Describe()}";
        if (projects.Count == 0)
        {
            return new Reply
            {
                Title = title,
                Summary = $"{title}: GitHub search found no recently pushed repositories.",
                Sections = [new ReplySection(null, [$"No repository tagged '{result.Query.Topic}' was pushed in the last {DiscoverQuery.PushedWithinDays} days under these filters."])],
                Notes = result.Notes,
            };
        }

        var rows = projects.Select((p, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(inv),
            p.Repository,
            p.Stage?.ToString().ToLowerInvariant() ?? "—",
            p.Problem is null ? p.EndUserOrganizations.ToString(inv) : "—",
            p.Problem is null ? Growth(p.Growth) : "—",
            p.Stars.ToString("N0", inv),
        ]).ToList();
        var lines = projects.Select((p, i) => string.Create(inv, $"{i + 1}. {p.Repository}: {p.Reason}{(p.StageEvidence is { } e ? " · " + e : "")}")).ToList();
        var top = projects[0];
        return new Reply
        {
            Title = title,
            Subtitle = string.Create(inv, $"{projects.Count} of {result.Found} candidates ranked by end-user momentum (13 wk on 13) · stars lag and are not ranked"),
            Summary = string.Create(inv, $"{title}: {top.Repository} leads — {top.Reason}"),
            Table = new ReplyTable(["#", "repository", "stage", "end-user orgs (26 wk)", "growth", "stars (lagging)"], rows),
            Sections = [new ReplySection("Why each ranks where it does", lines)],
            Notes =
            [
                .. result.Notes,
                string.Create(inv, $"{result.SearchRequests} search requests and {result.Requests:N0} counted GitHub requests; kept for a day."),
            ],
            Actions = projects.Where(p => p.Problem is null).Take(WatchButtons)
                .Select(p => new ReplyAction("watch", "Watch " + p.Repository, p.Repository)).ToList(),
            Choices = [new ReplyChoice("watch", "Watch…", projects.Select(p => new ReplyOption(p.Repository, p.Repository)).ToList())],
        };
    }

    private static string Growth(double? growth) => growth switch
    {
        null => "new",
        { } g => string.Create(CultureInfo.InvariantCulture, $"{(g >= 0 ? "+" : "−")}{Math.Abs(g) * 100:0}%"),
    };
}
