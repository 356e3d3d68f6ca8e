using Microsoft.Extensions.Options;
using Momentum.Bot.Adoption;
using Momentum.Bot.Cards;
using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum &lt;project&gt;</c> and <c>/momentum compare …</c>: cards of reports.</summary>
public sealed class CardCommands(ReportService reports, ProjectLookup projects, ProjectCatalog catalog, AdoptionReadings adoption, IOptions<MomentumOptions> options)
{
    public async Task<Reply> MomentumAsync(MomentumCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var (project, unknown) = await projects.FindAsync(command.Project, context);
        if (project is null)
        {
            return unknown!;
        }

        var view = await reports.GetAsync(project, Request(context, command.Refresh), cancellationToken);
        // Many people asking about a popular project get its card built once, for as long as the report lives; adoption,
        // read on its own schedule, is added to it each time (never fetched here: a failing source cannot hold the card).
        var card = view.Derived((nameof(MomentumCard), command.Project, command.Public), report =>
            MomentumCard.Build(report, command.Project, command.Public, options.Value.Demo, CompareCard.MenuFor(catalog, project, command.Project, options.Value.Demo)));
        var lines = await adoption.ForAsync(project);
        if (lines.Count == 0)
        {
            return card;
        }

        // The card with its adoption lines is made once per set of readings, so a cached answer stays the same reply
        // (its rendered bytes and its Slack chart upload are reused) until a reading changes.
        var shown = string.Join('\n', lines.Select(AdoptionSection.Line));
        return view.Derived((nameof(AdoptionSection), command.Project, command.Public, shown), _ => AdoptionSection.AddTo(card, lines));
    }

    public async Task<Reply> WhoAsync(WhoCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (project, unknown) = await projects.FindAsync(command.Project, context);
        if (project is null)
        {
            return unknown!;
        }

        return WhoCard.Build(await reports.ContributorsAsync(project, Request(context, refresh: false), cancellationToken), command.Project);
    }

    public async Task<Reply> CompareAsync(CompareCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var found = new List<ProjectReport>();
        foreach (var text in command.Projects)
        {
            var (project, unknown) = await projects.FindAsync(text, context);
            if (project is null)
            {
                return unknown!;
            }

            found.Add((await reports.GetAsync(project, Request(context, refresh: false), cancellationToken)).Report);
        }

        return CompareCard.Build(found, options.Value.Demo);
    }

    internal static ReportRequest Request(CommandContext context, bool refresh) => new()
    {
        Workspace = context.Workspace,
        Scan = refresh ? ScanPolicy.Always : ScanPolicy.IfStale,
        OnScan = context.OnSlow,
    };
}
