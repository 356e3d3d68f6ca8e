using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum alias …</c> and <c>/momentum aliases</c>: this workspace's own project names.</summary>
public sealed class AliasCommands(AliasStore aliases, ProjectCatalog catalog)
{
    /// <summary>Where a name resolves here, first match wins: this workspace's alias → the catalog → owner/repo.</summary>
    public async Task<Reply> ShowAsync(AliasShowCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = command.Name.Trim();
        var lines = new List<string>();
        if ((await aliases.AllAsync(context.Workspace)).TryGetValue(name.ToLowerInvariant(), out var repositories))
        {
            lines.Add($"{name} is an alias in this workspace → {string.Join(", ", repositories)}.");
        }

        if (catalog.TryResolve(name, out var project))
        {
            var what = project.InCatalog
                ? $"{name} is the catalog project {project.Name} → {string.Join(", ", project.Repositories)}"
                : $"{name} is owner/repo, used as given";
            lines.Add(lines.Count == 0 ? what + "." : $"(Without the alias: {what}.)");
        }

        return lines.Count == 0
            ? Reply.Error($"'{name}' names nothing here", $"It is not an alias in this workspace, a catalog project, or owner/repo.", $"Usage: {CommandParser.Usage["alias"]}")
            : new Reply { Title = $"Where {name} resolves", Summary = lines[0], Sections = [new ReplySection(null, lines)] };
    }

    public async Task<Reply> ChangeAsync(AliasCommand command, CommandContext context)
    {
        if (command.Remove)
        {
            return await aliases.RemoveAsync(context.Workspace, command.Name)
                ? Reply.Text($"Alias {command.Name} removed")
                : Reply.Error("No such alias", $"This workspace has no alias '{command.Name}'.");
        }

        if (catalog.TryResolve(command.Name, out var shadowed) && shadowed.InCatalog)
        {
            // An alias wins over the catalog: the card would show the alias's numbers under the catalog project's name.
            return Reply.Error(
                $"{command.Name} is a catalog project",
                $"'{command.Name}' already means the catalog project {shadowed.Name} ({string.Join(", ", shadowed.Repositories)}); an alias of that name would hide it in this workspace. Pick another name, like my-{command.Name}.",
                $"Usage: {CommandParser.Usage["alias"]}");
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
