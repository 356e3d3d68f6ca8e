using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Cards;

/// <summary>The message a subscribed channel gets when a watched project's end-user contribution spikes.</summary>
public static class SpikeAlert
{
    /// <summary>"End-user contributors to crossplane: 14 in the week of … vs a 12-week median of 5 (z = 4.1), from 9 organisations — …"</summary>
    public static Reply Build(ProjectReport report, Spike spike, string projectArgument)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(spike);
        var organizations = string.Join(", ", spike.Organizations.Take(6).Select(o => o.Name)) + (spike.Organizations.Count > 6 ? ", …" : "");
        var why = $"End-user contributors to {report.Project}: {spike.EndUserContributors} in the week of {spike.WeekStart.ToString("yyyy-MM-dd", Invariant)} vs a 12-week median of {spike.BaselineMedian.ToString("0.#", Invariant)} (z = {spike.Z.ToString("0.0", Invariant)}), from {Count(spike.EndUserOrganizations, "organisation")} — {organizations}";
        return new Reply
        {
            Title = $"End-user spike: {report.Project}",
            Subtitle = $"{string.Join(", ", report.Repositories)} · week of {spike.WeekStart.ToString("yyyy-MM-dd", Invariant)} · sensitivity {spike.Sensitivity}",
            Summary = why,
            InChannel = true,
            Charts = [ReportCharts.Alert(report, spike)],
            Sections =
            [
                new ReplySection(null, [why]) { Links = SpikeEvidence.Links(report.Repositories, spike).ToArray() },
                new ReplySection("Organisations", [string.Join(" · ", spike.Organizations.Select(o => $"{o.Name} ({o.Contributors})"))]),
                new ReplySection("Contributors", [string.Join(", ", spike.Contributors)]),
            ],
            Facts =
            [
                new ReplyFact("Baseline", $"median {spike.BaselineMedian.ToString("0.#", Invariant)}, MAD {spike.BaselineMad.ToString("0.#", Invariant)} over 12 weeks"),
                new ReplyFact("End-user organisations", $"{spike.EndUserOrganizations} vs a median of {spike.OrganizationsBaselineMedian.ToString("0.#", Invariant)} (z = {spike.OrganizationsZ.ToString("0.0", Invariant)})"),
                new ReplyFact("Momentum now", $"{report.Report.Momentum.Score}/100, {report.Report.Momentum.Trend.Name()}"),
            ],
            Notes = [$"Unknown affiliation in the window: {Pct(report.Report.DataQuality.UnknownAffiliationShare)} — the spike counts only contributors whose organisation is known."],
            Actions = [new ReplyAction("card", "Open card", projectArgument, ReplyActionStyle.Primary)],
        };
    }
}
