using Momentum.Bot.Catalog;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>The vendor list in force for a project, where it came from, and (for a workspace's own list) its change log.</summary>
public sealed record VendorsInForce(IReadOnlyList<Organization> Organizations, VendorSource Source, WorkspaceVendors? Workspace);

/// <summary>
/// Vendor precedence, first that exists wins: the asking workspace's own list for the project → the lists set through
/// the API for the project's repositories (merged, when a project has several) → the catalog's list → none.
/// </summary>
public sealed class VendorLists(VendorOverrideStore overrides)
{
    public async Task<VendorsInForce> InForceAsync(Project project, string? workspace)
    {
        ArgumentNullException.ThrowIfNull(project);
        var own = workspace is null ? Task.FromResult<WorkspaceVendors?>(null) : overrides.WorkspaceAsync(workspace, project.Name);
        var api = overrides.RepositoriesAsync(project.Repositories);
        var workspaceList = await own;
        if (workspaceList is { Reset: false })
        {
            return new VendorsInForce(workspaceList.Organizations, VendorSource.Workspace, workspaceList);
        }

        var set = (await api).OfType<VendorList>().ToList();
        if (set.Count > 0)
        {
            var merged = set.SelectMany(l => l.Organizations).GroupBy(o => OrganizationNames.Key(o.Name), StringComparer.Ordinal)
                .Select(g => new Organization(g.First().Name, g.SelectMany(o => o.Domains).Distinct(StringComparer.Ordinal).ToArray(), g.First().Aliases))
                .ToArray();
            return new VendorsInForce(merged, VendorSource.Api, workspaceList);
        }

        // A workspace that reset its list keeps its change log (the audit trail) but not its list.
        return new VendorsInForce(project.Vendors, project.Vendors.Count > 0 ? VendorSource.Catalog : VendorSource.None, workspaceList);
    }
}
