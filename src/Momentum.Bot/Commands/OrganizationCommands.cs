using Momentum.Bot.Cards;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum org &lt;organisation&gt;</c>: an organisation's people across this workspace's watchlists.</summary>
public sealed class OrganizationCommands(OrganizationLens lens, TimeProvider time)
{
    public async Task<Reply> OrganizationAsync(OrganizationCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var projects = await lens.TrackedAsync(context.Workspace);
        var view = await lens.LookAsync(command.Organization, projects, context.Workspace, time.GetUtcNow(), cancellationToken);
        return OrganizationCard.Build(view);
    }
}
