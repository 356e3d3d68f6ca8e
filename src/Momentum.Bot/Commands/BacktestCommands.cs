using Momentum.Bot.Cards;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum backtest &lt;project&gt;</c>: the alerts each sensitivity would have raised over stored history.</summary>
public sealed class BacktestCommands(ReportService reports, ProjectLookup projects)
{
    private const int MaxLines = 12;

    private const int MaxLinkedWeeks = 4;

    private static int Alerts(IReadOnlyList<Spike> spikes) => spikes.Count(s => s.EpisodeWeek == 1) + (spikes.Count > 0 && spikes.OrderBy(s => s.WeekStart).First().EpisodeWeek > 1 ? 1 : 0);

    public async Task<Reply> RunAsync(BacktestCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var (project, unknown) = await projects.FindAsync(command.Project, context);
        if (project is null)
        {
            return unknown!;
        }

        var levels = command.Sensitivity is { } only ? [only] : new[] { Sensitivity.Low, Sensitivity.Normal, Sensitivity.High };
        var results = new List<(Sensitivity Level, IReadOnlyList<Spike> Spikes)>();
        ProjectReport? last = null;
        foreach (var level in levels)
        {
            last = (await reports.GetAsync(project, CardCommands.Request(context, refresh: false) with { Sensitivity = level }, cancellationToken)).Report;
            var from = last.Report.Window.End.AddDays(-7 * command.Weeks);
            results.Add((level, last.Report.Spikes.Where(s => s.WeekStart >= from).ToList()));
        }

        var covered = Math.Min(command.Weeks, last!.Report.Weeks.Count(w => !w.Partial) - SpikeRules.MinimumHistoryWeeks);
        var sections = results.Select(r => new ReplySection(
            $"{r.Level.ToString().ToLowerInvariant()}: {Formats.Count(Alerts(r.Spikes), "alert")} ({Formats.Count(r.Spikes.Count, "spike week")})",
            r.Spikes.Count == 0 ? ["No week would have raised an alert."] : r.Spikes.OrderByDescending(s => s.WeekStart).Take(MaxLines).Select(SpikeEvidence.Line)
                .Concat(r.Spikes.Count > MaxLines ? [$"… and {Formats.Count(r.Spikes.Count - MaxLines, "earlier spike week")}."] : []).ToArray())
        {
            Links = r.Spikes.OrderByDescending(s => s.WeekStart).Take(MaxLinkedWeeks).SelectMany(s => SpikeEvidence.Links(last.Repositories, s)).ToArray(),
        }).ToList();
        return new Reply
        {
            Title = $"Backtest: {project.Name}, last {command.Weeks} weeks",
            Summary = string.Join(", ", results.Select(r => $"{r.Level.ToString().ToLowerInvariant()} {Alerts(r.Spikes)}")) + $" end-user spike alerts over {command.Weeks} weeks",
            Sections = sections,
            Notes =
            [
                $"The alerts the current settings would have raised, from stored history: one alert per episode (spike weeks at most {SpikeRules.EpisodeGap} weeks apart), updated while it rises. Weeks with 12 weeks of history before them: {Math.Max(covered, 0)}.",
                "Subscribe with sensitivity=low|normal|high; exclude=<org,…> leaves organisations out.",
                .. results.Any(r => r.Spikes.OrderByDescending(s => s.WeekStart).Take(MaxLines).Any(s => s.Organizations.Any(o => o.Unverified))) ? (string[])[SpikeEvidence.UnverifiedNote] : [],
            ],
        };
    }
}
