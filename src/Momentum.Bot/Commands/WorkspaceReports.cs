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
        return await momentum.GetReportAsync(project, new ReportRequest
        {
            Refresh = refresh,
            Sensitivity = sensitivity,
            ExcludedOrganizations = exclude ?? [],
            Vendors = overrides?.Organizations.Select(o => new VendorEntry(o.Name, o.Domains)).ToArray(),
            VendorSource = "this workspace",
            Background = background,
        }, cancellationToken);
    }
}
