using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Momentum.Bot.Catalog;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Reports;
using Momentum.Engine;

namespace Momentum.Bot.Api;

public static class ProjectsApi
{
    /// <summary>A vendor list is a few organisations: a larger body is refused (413) without being read.</summary>
    public const int MaxVendorBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects/{owner}/{repo}");

        group.MapGet("/momentum", async Task<Results<Ok<MomentumResponse>, ProblemHttpResult>> (
            string owner, string repo, string? refresh, ProjectCatalog catalog, ReportService reports, Adoption.AdoptionReadings adoption, CancellationToken cancellationToken) =>
        {
            if (!RepositoryId.TryCreate(owner, repo, out var id, out var error))
            {
                return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            var scan = refresh switch
            {
                null => ScanPolicy.IfStale,
                _ when bool.TryParse(refresh, out var yes) => yes ? ScanPolicy.Always : ScanPolicy.IfStale,
                _ => (ScanPolicy?)null,
            };
            if (scan is null)
            {
                return TypedResults.Problem($"refresh takes true or false, not '{refresh}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                var project = catalog.ForRepository(id.Value);
                var view = await reports.GetAsync(project, new ReportRequest { Scan = scan.Value }, cancellationToken);
                return TypedResults.Ok(MomentumResponse.From(id.Value.ToString(), view.Report) with { Adoption = await adoption.ForAsync(project) });
            }
            catch (RepositoryNotFoundException ex)
            {
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
            catch (GitHubUnavailableException ex)
            {
                return TypedResults.Problem($"{ex.Message} No stored data for {id} to answer from yet; try again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        group.MapGet("/contributors", async Task<Results<Ok<ContributorsResponse>, ProblemHttpResult>> (
            string owner, string repo, ProjectCatalog catalog, ReportService reports, CancellationToken cancellationToken) =>
        {
            if (!RepositoryId.TryCreate(owner, repo, out var id, out var error))
            {
                return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                var found = await reports.ContributorsAsync(catalog.ForRepository(id.Value), new ReportRequest { Scan = ScanPolicy.IfStale }, cancellationToken);
                return TypedResults.Ok(ContributorsResponse.From(id.Value.ToString(), found));
            }
            catch (RepositoryNotFoundException ex)
            {
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
            catch (GitHubUnavailableException ex)
            {
                return TypedResults.Problem($"{ex.Message} No stored data for {id} to answer from yet; try again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        group.MapGet("/vendors", async Task<Results<Ok<VendorsResponse>, ProblemHttpResult>> (
            string owner, string repo, ProjectCatalog catalog, ReportService reports) =>
        {
            if (!RepositoryId.TryCreate(owner, repo, out var id, out var error))
            {
                return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            var vendors = await reports.VendorsAsync(catalog.ForRepository(id.Value), workspace: null);
            return TypedResults.Ok(new VendorsResponse(id.Value.ToString(), vendors.Source, vendors.Organizations));
        });

        // The body is read here, after AdminTokenFilter, within MaxVendorBodyBytes: a caller without the token gets 401
        // before a byte of it is read, and nobody gets to make the host buffer a large one.
        group.MapPut("/vendors", async Task<Results<Ok<VendorsResponse>, ProblemHttpResult>> (
            string owner, string repo, HttpContext http, VendorOverrideStore overrides) =>
        {
            if (!RepositoryId.TryCreate(owner, repo, out var id, out var error))
            {
                return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            if (!http.Request.HasJsonContentType())
            {
                return TypedResults.Problem("The body must be JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            var (bytes, tooLarge) = await RequestBody.ReadAtMostAsync(http.Request, MaxVendorBodyBytes, "Vendor lists", http.RequestAborted);
            if (tooLarge is not null)
            {
                return tooLarge;
            }

            VendorList? body;
            try
            {
                body = JsonSerializer.Deserialize(bytes.Span, ApiJsonContext.Default.VendorList);
            }
            catch (JsonException)
            {
                body = null;
            }

            if (Validate(body) is { } problem)
            {
                return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
            }

            var cleaned = new VendorList(body!.Organizations
                .Select(o => new Organization(o.Name.Trim(), (o.Domains ?? []).Select(d => d.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToArray()))
                .ToArray());
            await overrides.SetRepositoryAsync(id.Value, cleaned);
            return TypedResults.Ok(new VendorsResponse(id.Value.ToString(), VendorSource.Api, cleaned.Organizations));
        }).AddEndpointFilter<AdminTokenFilter>();

        group.MapChartApi();
        return group;
    }

    private static string? Validate(VendorList? body)
    {
        if (body?.Organizations is null)
        {
            return """The body must be {"organizations":[{"name":"…","domains":["…"]}]}.""";
        }

        if (body.Organizations.Count > VendorOverrideStore.MaxVendors)
        {
            return $"At most {VendorOverrideStore.MaxVendors} vendor organisations.";
        }

        foreach (var organization in body.Organizations)
        {
            if (organization is null || string.IsNullOrWhiteSpace(organization.Name) || organization.Name.Trim().Length > 100)
            {
                return "Every organisation needs a name of 1–100 characters.";
            }

            foreach (var domain in organization.Domains ?? [])
            {
                if (domain is null || !DomainNames.IsValid(domain.Trim()))
                {
                    return $"'{domain}' is not a domain name (like isovalent.com).";
                }
            }
        }

        return null;
    }
}
