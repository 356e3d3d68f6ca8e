using Microsoft.AspNetCore.Http.HttpResults;
using Momentum.Bot.Catalog;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;
using Momentum.Engine;

namespace Momentum.Bot.Api;

public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects/{owner}/{repo}");

        group.MapGet("/momentum", async Task<Results<Ok<MomentumResponse>, ProblemHttpResult>> (
            string owner, string repo, string? refresh, ProjectCatalog catalog, ReportService reports, CancellationToken cancellationToken) =>
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
                var view = await reports.GetAsync(catalog.ForRepository(id.Value), new ReportRequest { Scan = scan.Value }, cancellationToken);
                return TypedResults.Ok(MomentumResponse.From(id.Value.ToString(), view.Report));
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

        group.MapPut("/vendors", async Task<Results<Ok<VendorsResponse>, ProblemHttpResult>> (
            string owner, string repo, VendorList? body, VendorOverrideStore overrides) =>
        {
            if (!RepositoryId.TryCreate(owner, repo, out var id, out var error))
            {
                return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
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
