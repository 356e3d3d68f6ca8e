using Momentum.Bot.Cards;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum backtest &lt;project&gt;</c>: the alerts each sensitivity would have raised over stored history.</summary>
public sealed class BacktestCommands(ReportService reports, ProjectLookup projects)
{
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

        var covered = Math.Min(command.Weeks, last!.Report.Weeks.Count(w => !w.Partial) - SpikeRules.BaselineWeeks);
        var sections = results.Select(r => new ReplySection(
            $"{r.Level.ToString().ToLowerInvariant()}: {r.Spikes.Count} alert{(r.Spikes.Count == 1 ? "" : "s")}",
            r.Spikes.Count == 0 ? ["No week would have raised an alert."] : r.Spikes.OrderByDescending(s => s.WeekStart).Take(8).Select(SpikeEvidence.Line).ToArray())).ToList();
        return new Reply
        {
            Title = $"Backtest: {project.Name}, last {command.Weeks} weeks",
            Summary = string.Join(", ", results.Select(r => $"{r.Level.ToString().ToLowerInvariant()} {r.Spikes.Count}")) + $" end-user spike alerts over {command.Weeks} weeks",
            Sections = sections,
            Notes =
            [
                $"The alerts the current settings would have raised, from stored history (weeks with a full 12-week baseline: {Math.Max(covered, 0)}).",
                "Subscribe with sensitivity=low|normal|high; exclude=<org,…> leaves organisations out.",
            ],
        };
    }
}
