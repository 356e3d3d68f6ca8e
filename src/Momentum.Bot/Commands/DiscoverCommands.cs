using System.Globalization;
using Momentum.Bot.Cards;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports.Discovery;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum discover</c>: a day-old ranking answers at once; otherwise the adapter acknowledges and the ranking follows.</summary>
public sealed class DiscoverCommands(DiscoveryService discovery)
{
    public async Task<Reply> DiscoverAsync(DiscoverCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var result = await discovery.DiscoverAsync(command.Query, context.Workspace, context.OnSlow, context.OnProgress is { } onProgress
            ? p => onProgress(string.Create(CultureInfo.InvariantCulture, $"{p.Scanned} of {p.Candidates} scanned"))
            : null);
        return DiscoveryCard.Build(result);
    }
}
