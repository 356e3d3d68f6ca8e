using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary>The message a subscribed channel gets when a watched project's end-user contribution spikes.</summary>
public static class SpikeAlert
{
    /// <summary>
    /// The alert of a spike's episode as of this spike week: its first week opens it; a later week of the same episode
    /// says "still rising" and replaces the first message (the outbox updates it in place).
    /// </summary>
    public static Reply Build(ProjectReport report, Spike spike, string projectArgument)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(spike);
        var episode = report.Report.Spikes.Where(s => s.EpisodeStart == spike.EpisodeStart && s.WeekStart <= spike.WeekStart).OrderBy(s => s.WeekStart).ToList();
        if (episode.Count == 0)
        {
            episode.Add(spike);
        }

        var rising = episode.Count > 1;
        var why = $"End-user contributors to {report.Project}: {spike.EndUserContributors} in the week of {Date(spike.WeekStart)} from {Count(spike.EndUserOrganizations, "organisation")}" +
                  (rising ? $", still rising: the {Count(episode.Count, "spike week")} since {Date(spike.EpisodeStart)}." : ".");
        var sections = new List<ReplySection>
        {
            new(rising ? $"Spike weeks ({episode.Count})" : "Spike week", episode.Select(SpikeEvidence.Line).ToArray())
            {
                Links = episode.SelectMany(s => SpikeEvidence.Links(report.Repositories, s)).ToArray(),
            },
        };
        sections.Add(new ReplySection($"Organisations and contributors, week of {Date(spike.WeekStart)}", [SpikeEvidence.Organizations(spike, limit: null)]));
        var byLoginOnly = spike.Contributors.Count(c => c.Contains('@', StringComparison.Ordinal));
        var notes = new List<string>
        {
            $"Unknown affiliation in the window: {Pct(report.Report.DataQuality.UnknownAffiliationShare)} — the spike counts only contributors whose organisation is known.",
            $"Sensitivity {spike.Sensitivity}: each measure needs a tail probability ≤ {SpikeThresholds.For(Enum.Parse<Sensitivity>(spike.Sensitivity, ignoreCase: true)).TailProbability.ToString("0.###", Invariant)} and its lift; both measures must agree.",
        };
        if (episode.Any(s => s.Organizations.Any(o => o.Unverified)))
        {
            notes.Add(SpikeEvidence.UnverifiedNote);
        }

        if (byLoginOnly > 0)
        {
            notes.Add($"{Count(byLoginOnly, "contributor")} known only by commit email: not in the pull-request searches.");
        }

        return new Reply
        {
            Title = rising ? $"End-user spike, still rising: {report.Project}" : $"End-user spike: {report.Project}",
            Subtitle = $"{string.Join(", ", report.Repositories)} · week of {Date(spike.WeekStart)} · sensitivity {spike.Sensitivity}",
            Summary = why,
            InChannel = true,
            Charts = [ReportCharts.Alert(report, spike)],
            Sections = sections,
            Facts =
            [
                new ReplyFact("End-user contributors", SpikeEvidence.Measure(spike.ContributorMeasure)),
                new ReplyFact("End-user organisations", SpikeEvidence.Measure(spike.OrganizationMeasure)),
                new ReplyFact("Momentum now", $"{report.Report.Momentum.Score}/100, {report.Report.Momentum.Trend.Name()}"),
            ],
            Notes = notes,
            Actions = [new ReplyAction("card", "Open card", projectArgument, ReplyActionStyle.Primary)],
        };
    }
}
