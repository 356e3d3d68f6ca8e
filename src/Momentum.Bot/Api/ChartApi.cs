using Microsoft.AspNetCore.Http.HttpResults;
using Momentum.Bot.Catalog;
using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.GitHub;
using Momentum.Bot.Reports;

namespace Momentum.Bot.Api;

/// <summary>
/// <c>GET /api/v1/projects/{owner}/{repo}/chart.png?kind=card|alert|compare|summary[&amp;with=owner/repo,…]</c>: the PNG
/// the chat card shows (public, like <c>…/momentum</c>). Compare and summary take the other projects in <c>with</c>;
/// alert draws the latest end-user spike. The alt text comes in the <c>X-Alt-Text</c> header.
/// </summary>
public static class ChartApi
{
    public const int MaxWith = 5;

    public static RouteGroupBuilder MapChartApi(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/chart.png", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (
            string owner, string repo, string? kind, string? with, ProjectCatalog catalog, ReportService reports, HttpResponse response, CancellationToken cancellationToken) =>
        {
            if (!RepositoryId.TryCreate(owner, repo, out var id, out var error))
            {
                return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            kind ??= "card";
            if (kind is not ("card" or "alert" or "compare" or "summary"))
            {
                return TypedResults.Problem($"kind takes card, alert, compare or summary, not '{kind}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            var others = new List<RepositoryId>();
            foreach (var name in (with ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = name.Split('/');
                if (parts.Length != 2 || !RepositoryId.TryCreate(parts[0], parts[1], out var other, out var otherError))
                {
                    return TypedResults.Problem($"with takes owner/repo names separated by commas; '{name}' is not one.", statusCode: StatusCodes.Status400BadRequest);
                }

                others.Add(other.Value);
            }

            if (others.Count > MaxWith || (kind is "card" or "alert" && others.Count > 0))
            {
                return TypedResults.Problem($"with names up to {MaxWith} other projects, and only for compare and summary.", statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                var view = await reports.GetAsync(catalog.ForRepository(id.Value), new ReportRequest(), cancellationToken);
                var more = new List<ProjectReport>();
                foreach (var other in others)
                {
                    more.Add((await reports.GetAsync(catalog.ForRepository(other), new ReportRequest(), cancellationToken)).Report);
                }

                ReplyChart? chart = kind switch
                {
                    "card" => view.Derived(("chart", "card"), ReportCharts.Card),
                    "alert" => view.Report.Report.Spikes.Count == 0 ? null : view.Derived(("chart", "alert"), r => ReportCharts.Alert(r, r.Report.Spikes[^1])),
                    "compare" => ReportCharts.Compare([view.Report, .. more]),
                    _ => ReportCharts.Summary(string.Join(", ", more.Prepend(view.Report).Select(r => r.Project)), [view.Report, .. more]),
                };
                if (chart is null)
                {
                    return TypedResults.Problem($"{id} has no end-user spike in its history to draw.", statusCode: StatusCodes.Status404NotFound);
                }

                response.Headers["X-Alt-Text"] = Uri.EscapeDataString(chart.AltText);
                response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.File(chart.Png, "image/png");
            }
            catch (RepositoryNotFoundException ex)
            {
                return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
            catch (GitHubUnavailableException ex)
            {
                return TypedResults.Problem($"{ex.Message} No stored data to draw yet; try again later.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return group;
    }
}
