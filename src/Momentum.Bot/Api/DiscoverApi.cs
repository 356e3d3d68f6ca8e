using Microsoft.AspNetCore.Http.HttpResults;
using Momentum.Bot.Reports.Discovery;

namespace Momentum.Bot.Api;

/// <summary>One ranked candidate as the API answers it.</summary>
public sealed record DiscoverItem(string Repository, int Stars, int EndUserContributors, int EndUserOrganizations, double? Growth, string? Stage, string? StageEvidence, string Reason);

public sealed record DiscoverResponse(string Topic, int? MaxStars, string? Language, int Limit, DateTimeOffset AsOf, int SearchRequests, long Requests, IReadOnlyList<DiscoverItem> Projects, IReadOnlyList<string> Notes);

/// <summary>A discovery still running: poll <c>Location</c> again.</summary>
public sealed record DiscoverRunning(string Status, int Candidates, int Scanned);

/// <summary>
/// <c>GET /api/v1/discover?topic=…[&amp;maxStars=N][&amp;language=L][&amp;limit=n]</c>: 200 with the ranked list when a
/// result is at most a day old; otherwise 202 with <c>Location</c> (this same URL) while the run goes on, with its progress.
/// </summary>
public static class DiscoverApi
{
    public static IEndpointRouteBuilder MapDiscoverApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/discover", async Task<Results<Ok<DiscoverResponse>, Accepted<DiscoverRunning>, ProblemHttpResult>> (
            string? topic, int? maxStars, string? language, int? limit, HttpRequest request, DiscoveryService discovery) =>
        {
            var (query, error) = DiscoverQuery.Create(topic, maxStars, language, limit);
            if (query is null)
            {
                return TypedResults.Problem(topic is null ? "topic is required, like ?topic=service-mesh." : error, statusCode: StatusCodes.Status400BadRequest);
            }

            if (await discovery.CachedAsync(query, workspace: null) is { } result)
            {
                return TypedResults.Ok(Response(result));
            }

            if (discovery.TakeFailure(query, workspace: null) is { } failure)
            {
                return TypedResults.Problem(failure, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var progress = discovery.Progress(query, workspace: null);
            if (progress is null)
            {
                // Its failure is kept for the next poll; nobody awaits it here.
                _ = discovery.StartAsync(query, workspace: null).ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                progress = discovery.Progress(query, workspace: null) ?? new DiscoveryProgress(0, 0);
            }

            return TypedResults.Accepted(request.Path + request.QueryString, new DiscoverRunning("running", progress.Candidates, progress.Scanned));
        });
        return app;
    }

    private static DiscoverResponse Response(DiscoveryResult result) => new(
        result.Query.Topic,
        result.Query.MaxStars,
        result.Query.Language,
        result.Query.Limit,
        result.AsOf,
        result.SearchRequests,
        result.Requests,
        result.Projects.Select(p => new DiscoverItem(p.Repository, p.Stars, p.EndUserContributors, p.EndUserOrganizations, p.Growth, p.Stage?.ToString().ToLowerInvariant(), p.StageEvidence, p.Reason)).ToList(),
        result.Notes);
}
