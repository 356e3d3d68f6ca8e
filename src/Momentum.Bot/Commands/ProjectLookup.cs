using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;

namespace Momentum.Bot.Commands;

/// <summary>Resolves a project name for a command, or explains why it names none ("did you mean …").</summary>
public sealed class ProjectLookup(ReportService reports, AliasStore aliases, ProjectCatalog catalog, IOptions<MomentumOptions> options)
{
    /// <summary>The project, or the reply to give instead.</summary>
    public async Task<(Project? Project, Reply? Unknown)> FindAsync(string text, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await reports.ResolveAsync(context.Workspace, text) is not { } project)
        {
            return (null, await UnknownAsync(text, context.Workspace));
        }

        return options.Value.Demo && !ProjectCatalog.IsDemo(project) ? (null, NotInDemo(text, project)) : (project, null);
    }

    /// <summary>Demo mode's GitHub serves only the demo projects: anything else is not missing from GitHub, just from the demo.</summary>
    private Reply NotInDemo(string text, Project project)
    {
        var names = catalog.DemoProjects.Select(p => p.Name).ToList();
        return Reply.Error(
            $"{text} is not in the demo",
            $"Demo mode serves generated histories of {string.Join(", ", names)} only; {project.Name} ({string.Join(", ", project.Repositories)}) needs real GitHub: run without --demo.",
            $"Try /momentum {names.FirstOrDefault() ?? "rocket"} or /momentum compare {string.Join(' ', names)}.");
    }

    private async Task<Reply> UnknownAsync(string text, string workspace)
    {
        var known = (await aliases.AllAsync(workspace)).Keys;
        var prefix = text.ToLowerInvariant()[..Math.Min(3, text.Length)];
        var suggestions = catalog.Suggest(text).Concat(known.Where(a => a.StartsWith(prefix, StringComparison.Ordinal))).Distinct(StringComparer.Ordinal).Take(3).ToList();
        var hint = suggestions.Count > 0 ? $"Did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?" : "Try owner/repo, for example cilium/cilium.";
        return Reply.Error($"I don't know '{text}'", $"It is not a project in the catalog, an alias in this workspace, or owner/repo. {hint}", $"Known projects: {string.Join(", ", catalog.Projects.Select(p => p.Name))}");
    }
}
