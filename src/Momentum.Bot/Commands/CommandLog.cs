using Momentum.Bot.Chat;

namespace Momentum.Bot.Commands;

/// <summary>The log scope of everything a command does: its platform, workspace (Slack team, Teams tenant) and channel.</summary>
public static class CommandLog
{
    public static IDisposable? BeginScope(ILogger logger, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(context);
        return logger.BeginScope(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Platform"] = context.Platform.Name(),
            ["Workspace"] = context.Workspace,
            ["Channel"] = context.Channel,
        });
    }
}
