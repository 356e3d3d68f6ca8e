using Momentum.Bot.Catalog;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Commands;

/// <summary>Reports as a workspace sees them: with its own vendor list for the project when it set one.</summary>
public sealed class WorkspaceReports(MomentumService momentum, WorkspaceStore workspaces)
{
    public async Task<ProjectReport> GetAsync(
        Project project,
        string workspace,
        bool refresh = false,
        Sensitivity sensitivity = Sensitivity.Normal,
        IReadOnlyList<string>? exclude = null,
        bool background = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var overrides = await workspaces.GetVendorsAsync(workspace, project.Name);
        return await momentum.GetReportAsync(project, Request(overrides) with
        {
            Refresh = refresh,
            Sensitivity = sensitivity,
            ExcludedOrganizations = exclude ?? [],
            Background = background,
        }, cancellationToken);
    }

    /// <summary>The vendor list in force for the workspace (its own, else the API's or the catalog's), with this workspace's overrides and change log.</summary>
    public async Task<(WorkspaceVendors? Overrides, IReadOnlyList<VendorEntry> Vendors, string Source)> VendorsAsync(Project project, string workspace)
    {
        ArgumentNullException.ThrowIfNull(project);
        var overrides = await workspaces.GetVendorsAsync(workspace, project.Name);
        var (vendors, source) = await momentum.VendorsAsync(project, Request(overrides));
        return (overrides, vendors, source);
    }

    private static ReportRequest Request(WorkspaceVendors? overrides) => new()
    {
        Vendors = overrides?.Organizations.Select(o => new VendorEntry(o.Name, o.Domains)).ToArray(),
        VendorSource = "this workspace",
    };
}
