using System.Globalization;
using Momentum.Bot.Reports;
using Momentum.Engine;

namespace Momentum.Bot.Commands;

/// <summary>Turns a project report into the momentum card (and its one-line summary).</summary>
public static class MomentumCard
{
    public const int SparklineWeeks = 26;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Reply Build(ProjectReport report, string projectArgument, bool inChannel, bool demo = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report.Report;
        var w = r.Window;
        var m = r.Momentum;
        var arrow = m.Trend switch { "rising" => "▲", "cooling" => "▼", _ => "▶" };
        var title = $"{report.Project}{(demo ? " (demo data)" : "")} — momentum {m.Score}/100 {arrow} {m.Trend}";
        var asOf = report.DataAsOf is { } at ? $"data as of {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Inv)} UTC" : "no scan yet";
        var subtitle = $"{string.Join(", ", report.Repositories)} · {asOf} · history since {r.HistoryStart.ToString("yyyy-MM-dd", Inv)}";

        var facts = new List<ReplyFact>
        {
            new("Active contributors (4 wk)", Active(w)),
            new("New contributors (4 wk)", w.NewContributors.ToString("N0", Inv)),
            new("End-user share", w.EndUserShare is { } eu ? $"{Pct(eu)} ({w.EndUserContributors.ToString("N0", Inv)} people) · unknown {Pct(w.UnknownShare)}" : "unavailable (no contributors)"),
            new("Vendor share", w.VendorShare is { } vs ? $"{Pct(vs)}{VendorNames(w)}" : "unavailable"),
            new("End-user organisations", w.EndUserOrganizations.ToString("N0", Inv)),
            new("Merged PRs / week", w.MergedPullRequestsPerWeek.ToString("0.#", Inv)),
            new("Median first response", w.MedianHoursToFirstResponse is { } h ? $"{Hours(h)} ({w.FirstResponseSamples} items)" : "no data"),
            new("Elephant factor", w.ElephantFactor is { } e ? $"{e} {(e == 1 ? "organisation holds" : "organisations hold")} > 50 %" : "no known organisations"),
        };
        if (report.Stars is { } stars)
        {
            facts.Add(new ReplyFact("Stars (lagging signal)", stars.ToString("N0", Inv)));
        }

        var sections = new List<ReplySection>
        {
            new("Why", m.Drivers.Count > 0 ? m.Drivers.Select(d => $"• {Capitalise(d)}").ToArray() : ["• Nothing moved: every term is level with the 12 weeks before."]),
        };
        if (w.TopEndUserOrganizations.Count > 0)
        {
            sections.Add(new ReplySection("Top end-user organisations", [string.Join(" · ", w.TopEndUserOrganizations.Take(6).Select(o => $"{o.Name} ({o.Contributors})"))]));
        }

        var recentSpikes = r.Spikes.Where(s => s.WeekStart >= w.Start).ToList();
        if (recentSpikes.Count > 0)
        {
            sections.Add(new ReplySection("End-user spike", recentSpikes.Select(SpikeLine).ToArray())
            {
                Links = recentSpikes.Take(1).SelectMany(s => SpikeLinks(report.Repositories, s)).ToArray(),
            });
        }

        var complete = r.Weeks.Where(x => !x.Partial).TakeLast(SparklineWeeks).ToList();
        var series = new List<ReplySeries>
        {
            new($"Contributors, {complete.Count} wk", complete.Select(x => x.Contributors).ToArray()),
            new($"End-user contributors, {complete.Count} wk", complete.Select(x => x.EndUserContributors).ToArray()),
        };

        var notes = new List<string>();
        if (demo)
        {
            notes.Add("Demo data: a generated history served by the built-in local GitHub, not a real project.");
        }

        notes.AddRange(report.Notes);
        notes.AddRange(r.DataQuality.Warnings);
        notes.Add($"Vendor list: {(report.Vendors.Count == 0 ? "none" : string.Join(", ", report.Vendors.Select(v => v.Name)))} ({report.VendorSource}). Bots excluded: {r.DataQuality.BotEventsExcluded.ToString("N0", Inv)} events in the window.");

        var summary = $"{report.Project}: momentum {m.Score}/100, {m.Trend}; {w.ActiveContributors.ToString("N0", Inv)} active contributors, end-user share {Pct(w.EndUserShare)} (unknown {Pct(w.UnknownShare)})"
            + (m.Drivers.Count > 0 ? $"; {m.Drivers[0]}" : "");
        return new Reply
        {
            Title = title,
            Subtitle = subtitle,
            Summary = summary,
            Facts = facts,
            Sections = sections,
            Series = series,
            Notes = notes,
            InChannel = inChannel,
            Actions =
            [
                new ReplyAction("refresh", "Refresh", projectArgument),
                .. inChannel ? Array.Empty<ReplyAction>() : [new ReplyAction("post", "Post to channel", projectArgument, ReplyActionStyle.Primary)],
                new ReplyAction("watch", "Watch", projectArgument),
            ],
        };
    }

    public static string SpikeLine(Spike s) =>
        $"Week of {s.WeekStart.ToString("yyyy-MM-dd", Inv)}: {s.EndUserContributors} end-user contributors vs a 12-week median of {s.BaselineMedian.ToString("0.#", Inv)} (z = {s.Z.ToString("0.0", Inv)}), from {s.EndUserOrganizations} organisations — {string.Join(", ", s.Organizations.Take(6).Select(o => o.Contributors > 1 ? $"{o.Name} ({o.Contributors})" : o.Name))}{(s.Organizations.Count > 6 ? ", …" : "")}";

    /// <summary>GitHub searches for the spike week's pull requests by its end-user contributors (the evidence).</summary>
    public static IEnumerable<ReplyLink> SpikeLinks(IReadOnlyList<string> repositories, Spike spike)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        ArgumentNullException.ThrowIfNull(spike);
        var logins = spike.Contributors.Where(c => !c.Contains('@', StringComparison.Ordinal)).Take(5).ToList();
        if (logins.Count == 0 || repositories.Count == 0)
        {
            yield break;
        }

        var from = spike.WeekStart.ToString("yyyy-MM-dd", Inv);
        var to = spike.WeekStart.AddDays(6).ToString("yyyy-MM-dd", Inv);
        var query = $"is:pr created:{from}..{to} " + string.Join(' ', logins.Select(l => $"author:{l}"));
        yield return new ReplyLink("PRs that week", new Uri($"https://github.com/{repositories[0]}/pulls?q={Uri.EscapeDataString(query)}"));
    }

    private static string Active(WindowMetrics w)
    {
        var text = w.ActiveContributors.ToString("N0", Inv);
        if (w.ActiveContributorsPrevious is { } previous and > 0)
        {
            var change = (w.ActiveContributors - previous) / previous;
            text += $" · {(change >= 0 ? "+" : "−")}{Math.Abs(change).ToString("P0", Inv).Replace(" ", "", StringComparison.Ordinal)} vs {previous.ToString("0.#", Inv)} per 4 wk before";
        }

        return text;
    }

    private static string VendorNames(WindowMetrics w) =>
        w.VendorOrganizations.Count == 0 ? "" : " · " + string.Join(", ", w.VendorOrganizations.Take(3).Select(o => o.Name));

    public static string Pct(double? share) => share is { } s ? Math.Round(s * 100).ToString("0", Inv) + "%" : "n/a";

    private static string Hours(double hours) => hours < 48 ? hours.ToString("0.#", Inv) + " h" : (hours / 24).ToString("0.#", Inv) + " days";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
