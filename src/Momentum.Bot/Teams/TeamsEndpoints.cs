using System.Text;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Teams;

public static class TeamsEndpoints
{
    /// <summary><c>POST /api/messages</c>, the bot's messaging endpoint; served only when <c>Teams__AppId</c> is set.</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value.Enabled)
        {
            return app;
        }

        app.MapPost("/api/messages", async Task<IResult> (HttpContext http, TeamsInbound inbound) =>
        {
            var activity = (TeamsActivity)http.Items[TeamsAuthFilter.ActivityKey]!;
            var answer = await inbound.HandleAsync(activity, http.RequestAborted);
            return answer is null ? TypedResults.Ok() : TypedResults.Text(answer.ToJsonString(AdaptiveCardRenderer.Json), "application/json", Encoding.UTF8);
        }).AddEndpointFilter<TeamsAuthFilter>();
        return app;
    }
}
