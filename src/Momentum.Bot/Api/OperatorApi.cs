using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Momentum.Bot.Chat;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Store;

namespace Momentum.Bot.Api;

/// <summary>
/// Operator endpoints, served only when <c>Api__AdminToken</c> is set, and then only with
/// <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise).
/// </summary>
public static class OperatorApi
{
    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        if (string.IsNullOrEmpty(app.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.AdminToken))
        {
            return app;
        }

        var group = app.MapGroup("/api/v1").AddEndpointFilter<AdminTokenFilter>();
        group.MapPost("/watchlists/{workspace}/{name}/scan", async Task<Results<Ok<ScanSummary>, ProblemHttpResult>> (
            string workspace, string name, WatchlistStore watchlists, WatchlistScanner scanner, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (!WorkspaceIds.IsValid(workspace) || await watchlists.GetAsync(workspace, name) is null)
            {
                return TypedResults.Problem($"Workspace {workspace} has no watchlist '{name}'.", statusCode: StatusCodes.Status404NotFound);
            }

            // A slot of its own, so an operator's scan is never mistaken for a scheduled one.
            var slot = "manual-" + time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return TypedResults.Ok(await scanner.RunAsync(workspace, name, slot, cancellationToken));
        });

        group.MapGet("/outbox/undeliverable", async (OutboxStore outbox) =>
            TypedResults.Ok((await outbox.UndeliverableAsync()).Select(i => new UndeliverableMessage(i.Id, i.Kind, i.Target.Platform.Name(), i.Target.Workspace, i.Target.Channel, i.Attempts, i.CreatedAt, i.Error)).ToArray()));
        return app;
    }
}
