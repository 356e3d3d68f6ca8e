using Microsoft.AspNetCore.Http.HttpResults;
using Momentum.Bot.Catalog;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;

namespace Momentum.Bot.Api;

/// <summary>
/// <c>GET /api/v1/organizations/{name}[?projects=owner/repo,…]</c>: an organisation's people across the catalog's
/// projects (or those named), from stored data only; <c>GET /api/v1/workspaces/{workspace}/organizations/{name}</c>:
/// across one workspace's watchlists, behind the admin token (a workspace's watchlists are its own).
/// </summary>
public static class OrganizationsApi
{
    public const int MaxProjects = 20;

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/organizations/{name}", async Task<Results<Ok<OrganizationView>, ProblemHttpResult>> (
            string name, string? projects, ProjectCatalog catalog, OrganizationLens lens, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (Invalid(name) is { } problem)
            {
                return problem;
            }

            List<Project> chosen;
            if (projects is null)
            {
                chosen = catalog.Projects.Where(p => !ProjectCatalog.IsDemo(p)).ToList();
            }
            else
            {
                chosen = [];
                var names = projects.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (names.Length is 0 or > MaxProjects)
                {
                    return TypedResults.Problem($"projects takes 1–{MaxProjects} owner/repo names, comma-separated.", statusCode: StatusCodes.Status400BadRequest);
                }

                foreach (var text in names)
                {
                    if (!RepositoryId.TryParse(text, out var id))
                    {
                        return TypedResults.Problem($"'{text}' is not owner/repo.", statusCode: StatusCodes.Status400BadRequest);
                    }

                    chosen.Add(catalog.ForRepository(id.Value));
                }
            }

            return TypedResults.Ok(await lens.LookAsync(name.Trim(), chosen, workspace: null, time.GetUtcNow(), cancellationToken));
        });

        app.MapGet("/api/v1/workspaces/{workspace}/organizations/{name}", async Task<Results<Ok<OrganizationView>, ProblemHttpResult>> (
            string workspace, string name, OrganizationLens lens, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (!WorkspaceIds.IsValid(workspace))
            {
                return TypedResults.Problem($"'{workspace}' is not a workspace id (slack:T…, teams:<tenant> or playground).", statusCode: StatusCodes.Status400BadRequest);
            }

            if (Invalid(name) is { } problem)
            {
                return problem;
            }

            var tracked = await lens.TrackedAsync(workspace);
            return TypedResults.Ok(await lens.LookAsync(name.Trim(), tracked, workspace, time.GetUtcNow(), cancellationToken));
        }).AddEndpointFilter<AdminTokenFilter>();

        return app;
    }

    private static ProblemHttpResult? Invalid(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100
            ? TypedResults.Problem("An organisation name is 1–100 characters.", statusCode: StatusCodes.Status400BadRequest)
            : null;
}
