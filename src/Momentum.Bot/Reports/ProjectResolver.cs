using Momentum.Bot.Catalog;
using Momentum.Bot.Store;

namespace Momentum.Bot.Reports;

/// <summary>What a project name means in a workspace, first match wins: the workspace's alias → a catalog name or alias → owner/repo.</summary>
public sealed class ProjectResolver(AliasStore aliases, ProjectCatalog catalog)
{
    /// <summary>The project, or null when the text names none.</summary>
    public async Task<Project?> ResolveAsync(string workspace, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text.Trim().ToLowerInvariant();
        if (SimpleNames.IsValid(name) && (await aliases.AllAsync(workspace)).TryGetValue(name, out var repositories))
        {
            var ids = repositories.Select(RepositoryId.Parse).ToArray();
            var vendors = ids.SelectMany(id => catalog.ForRepository(id).Vendors).DistinctBy(v => v.Name).ToArray();
            return new Project(name, ids, vendors, InCatalog: false);
        }

        return catalog.TryResolve(text, out var project) ? project : null;
    }
}
