using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary>Turns a project report into the momentum card (and its one-line summary).</summary>
public static class MomentumCard
{
    public const int SparklineWeeks = 26;

    /// <param name="projectArgument">The project as the person typed it: the buttons run commands with it.</param>
    /// <param name="compareWith">The "Compare with…" menu's options (none: no menu).</param>
    public static Reply Build(ProjectReport report, string projectArgument, bool inChannel, bool demo = false, IReadOnlyList<ReplyOption>? compareWith = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report.Report;
        var w = r.Window;
        var m = r.Momentum;
        var title = $"{report.Project}{(demo ? " (demo data)" : "")} — momentum {m.Score}/100 {m.Trend.Arrow()} {m.Trend.Name()}";
        var asOf = report.DataAsOf is { } at ? $"data as of {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC" : "no scan yet";
        var subtitle = $"{string.Join(", ", report.Repositories)} · {asOf} · history since {r.HistoryStart.ToString("yyyy-MM-dd", Invariant)}";

        var facts = new List<ReplyFact>
        {
            new("Active contributors (4 wk)", Active(w)),
            new("New contributors (4 wk)", w.NewContributors.ToString("N0", Invariant)),
            new("End-user share", w.EndUserShare is { } eu ? $"{Pct(eu)} ({Count(w.EndUserContributors, "person", "people")}) · unknown {Pct(w.UnknownShare)}" : "unavailable (no contributors)"),
            new("Vendor share", w.VendorShare is { } vs ? $"{Pct(vs)}{VendorNames(w)}" : "unavailable"),
            new("Community · individual", w.CommunityShare is { } cs ? $"{Pct(cs)} project, foundations, schools · {Pct(w.IndividualShare)} independent" : "unavailable"),
            new("End-user organisations", w.EndUserOrganizations.ToString("N0", Invariant)),
            new("Merged PRs / week", w.MergedPullRequestsPerWeek.ToString("0.#", Invariant)),
            new("Median first response", w.MedianHoursToFirstResponse is { } h ? $"{Hours(h)} ({Count(w.FirstResponseSamples, "item")})" : "no data"),
            new("Elephant factor", w.ElephantFactor is { } e ? $"{e} {(e == 1 ? "organisation holds" : "organisations hold")} > 50%" : "no known organisations"),
        };
        if (r.Stage is { } stage)
        {
            facts.Insert(0, new ReplyFact("Stage", stage.Evidence));
        }

        if (report.Stars is { } stars)
        {
            facts.Add(new ReplyFact("Stars (lagging signal)", stars.ToString("N0", Invariant)));
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
            sections.Add(new ReplySection(recentSpikes.Count == 1 ? "End-user spike week" : $"End-user spike weeks ({recentSpikes.Count})", recentSpikes.Select(SpikeEvidence.Line).ToArray())
            {
                Links = recentSpikes.SelectMany(s => SpikeEvidence.Links(report.Repositories, s)).ToArray(),
            });
        }

        var complete = r.Weeks.Where(x => !x.Partial).TakeLast(SparklineWeeks).ToList();
        var series = new List<ReplySeries>
        {
            new($"Contributors, {complete.Count} wk", complete.Select(x => x.Contributors).ToArray()),
            new($"End-user contributors, {complete.Count} wk", complete.Select(x => x.EndUserContributors).ToArray()),
        };

        var notes = new List<string>();
        if (recentSpikes.Any(s => s.Organizations.Any(o => o.Unverified)))
        {
            notes.Add(SpikeEvidence.UnverifiedNote);
        }

        if (demo)
        {
            notes.Add("Demo data: a generated history served by the built-in local GitHub, not a real project.");
        }

        notes.AddRange(report.Notes);
        notes.AddRange(r.DataQuality.Warnings);
        notes.Add($"Vendor list: {(report.Vendors.Count == 0 ? "none" : string.Join(", ", report.Vendors.Select(v => v.Name)))} ({report.VendorSource.Describe()}). Bots excluded: {r.DataQuality.BotEventsExcluded.ToString("N0", Invariant)} events in the window.");

        var summary = $"{report.Project}: momentum {m.Score}/100, {m.Trend.Name()}; {w.ActiveContributors.ToString("N0", Invariant)} active contributors, end-user share {Pct(w.EndUserShare)} (unknown {Pct(w.UnknownShare)})"
            + (m.Drivers.Count > 0 ? $"; {m.Drivers[0]}" : "");
        return new Reply
        {
            Title = title,
            Subtitle = subtitle,
            Summary = summary,
            Facts = facts,
            Sections = sections,
            Series = series,
            Charts = [ReportCharts.Card(report)],
            Notes = notes,
            InChannel = inChannel,
            Choices = compareWith is { Count: > 0 } options ? [new ReplyChoice("compare", "Compare with…", options)] : [],
            Actions =
            [
                new ReplyAction("refresh", "Refresh", projectArgument),
                .. inChannel ? Array.Empty<ReplyAction>() : [new ReplyAction("post", "Post to channel", projectArgument, ReplyActionStyle.Primary)],
                new ReplyAction("watch", "Watch", projectArgument),
            ],
        };
    }

    private static string Active(WindowMetrics w)
    {
        var text = w.ActiveContributors.ToString("N0", Invariant);
        if (w.ActiveContributorsPrevious is { } previous and > 0)
        {
            var change = (w.ActiveContributors - previous) / previous;
            text += $" · {(change >= 0 ? "+" : "−")}{Math.Abs(change).ToString("P0", Invariant).Replace(" ", "", StringComparison.Ordinal)} vs {previous.ToString("0.#", Invariant)} per 4 wk before";
        }

        return text;
    }

    private static string VendorNames(WindowMetrics w) =>
        w.VendorOrganizations.Count == 0 ? "" : " · " + string.Join(", ", w.VendorOrganizations.Take(3).Select(o => o.Name));
}
