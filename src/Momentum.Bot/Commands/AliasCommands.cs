using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum alias …</c> and <c>/momentum aliases</c>: this workspace's own project names.</summary>
public sealed class AliasCommands(AliasStore aliases)
{
    public async Task<Reply> ChangeAsync(AliasCommand command, CommandContext context)
    {
        if (command.Remove)
        {
            return await aliases.RemoveAsync(context.Workspace, command.Name)
                ? Reply.Text($"Alias {command.Name} removed")
                : Reply.Error("No such alias", $"This workspace has no alias '{command.Name}'.");
        }

        var repositories = new List<string>();
        foreach (var text in command.Repositories)
        {
            if (!RepositoryId.TryParse(text, out var id))
            {
                return Reply.Error("Not a repository", $"'{text}' is not owner/repo.", $"Usage: {CommandParser.Usage["alias"]}");
            }

            repositories.Add(id.Value.ToString());
        }

        if (!await aliases.SetAsync(context.Workspace, command.Name, repositories.Distinct(StringComparer.Ordinal).ToArray()))
        {
            return Reply.Error("Too many aliases", $"This workspace already has {AliasStore.MaxAliases} aliases; remove one first.");
        }

        return new Reply
        {
            Title = $"Alias {command.Name} saved",
            Tone = ReplyTone.Success,
            Summary = $"{command.Name} → {string.Join(", ", repositories)}",
            Sections = [new ReplySection(null, [$"/momentum {command.Name} now sums {string.Join(", ", repositories)}."])],
        };
    }

    public async Task<Reply> ListAsync(CommandContext context)
    {
        var all = await aliases.AllAsync(context.Workspace);
        return new Reply
        {
            Title = "Aliases in this workspace",
            Summary = all.Count == 0 ? "No aliases yet" : Count(all.Count, "alias", "aliases"),
            Sections = [new ReplySection(null, all.Count == 0
                ? ["None yet. " + CommandParser.Usage["alias"]]
                : all.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"• {a.Key} → {string.Join(", ", a.Value)}").ToArray())],
        };
    }
}
