using System.Text.Json.Serialization;
using Momentum.Bot.Hosting;
using Momentum.Bot.Reports;
using Momentum.Bot.Scheduling;
using Momentum.Engine;

namespace Momentum.Bot.Api;

/// <summary>Body of <c>GET /api/v1/projects/{owner}/{repo}/momentum</c>.</summary>
public sealed record MomentumResponse(
    string Repository,
    string Project,
    IReadOnlyList<string> Repositories,
    DateTimeOffset? AsOf,
    DateTimeOffset ComputedAt,
    DateOnly HistoryStart,
    int? Stars,
    IReadOnlyList<WeekMetrics> Weeks,
    WindowMetrics Window,
    MomentumScore Momentum,
    IReadOnlyList<Spike> Spikes,
    DataQuality DataQuality,
    VendorsResponse Vendors,
    ProjectStage? Stage)
{
    /// <summary>Adoption beside contribution (lagging, corroborating; never in <see cref="Momentum"/>): one line per package and source.</summary>
    public IReadOnlyList<Momentum.Bot.Adoption.AdoptionLine> Adoption { get; init; } = [];

    public static MomentumResponse From(string repository, ProjectReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var r = report.Report;
        var quality = r.DataQuality with { Warnings = [.. report.Notes, .. r.DataQuality.Warnings] };
        return new MomentumResponse(
            repository, report.Project, report.Repositories, report.DataAsOf, r.AsOf, r.HistoryStart, report.Stars,
            r.Weeks, r.Window, r.Momentum, r.Spikes, quality, new VendorsResponse(repository, report.VendorSource, report.Vendors), r.Stage);
    }
}

/// <summary>Body of <c>GET /api/v1/projects/{owner}/{repo}/contributors</c>: the window's contributors, each with their affiliation's source.</summary>
public sealed record ContributorsResponse(string Repository, string Project, DateOnly Start, DateOnly End, int Weeks, IReadOnlyList<ContributorAffiliation> Contributors)
{
    public static ContributorsResponse From(string repository, ProjectContributors found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var window = found.Report.Report.Window;
        return new ContributorsResponse(repository, found.Report.Project, window.Start, window.End, window.Weeks, found.Contributors);
    }
}

public sealed record VendorsResponse(string Repository, VendorSource Source, IReadOnlyList<Organization> Organizations);

public sealed record UndeliverableMessage(string Id, string Kind, string Platform, string Workspace, string Channel, int Attempts, DateTimeOffset CreatedAt, string? Error);

[JsonSourceGenerationOptions(
    System.Text.Json.JsonSerializerDefaults.Web,
    Converters = [typeof(CamelCaseEnumConverter<Trend>), typeof(CamelCaseEnumConverter<VendorSource>), typeof(CamelCaseEnumConverter<Stage>), typeof(CamelCaseEnumConverter<ContributorClass>), typeof(CamelCaseEnumConverter<OrganizationKind>), typeof(CamelCaseEnumConverter<AffiliationSource>)])]
[JsonSerializable(typeof(MomentumResponse))]
[JsonSerializable(typeof(VendorsResponse))]
[JsonSerializable(typeof(OrganizationView))]
[JsonSerializable(typeof(ContributorsResponse))]
[JsonSerializable(typeof(DiscoverResponse))]
[JsonSerializable(typeof(DiscoverRunning))]
[JsonSerializable(typeof(VendorList))]
[JsonSerializable(typeof(ScanSummary))]
[JsonSerializable(typeof(UndeliverableMessage[]))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
