using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Slack;

/// <summary>Slack's HTTP endpoints, each verified on its raw body first (<see cref="SlackSignatureFilter"/>); served only with a signing secret.</summary>
public static class SlackEndpoints
{
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (options.HttpEnabled)
        {
            var signed = app.MapGroup("/slack").AddEndpointFilter<SlackSignatureFilter>();
            signed.MapPost("/commands", async Task<IResult> (HttpContext http, SlackInbound inbound) =>
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(SlackSignatureFilter.Body(http).Span));
                var slash = SlashCommand.From(name => form.TryGetValue(name, out var v) ? v.ToString() : null);
                var answer = await inbound.SlashCommandAsync(slash, http.RequestAborted);
                return answer is null ? TypedResults.Ok() : TypedResults.Bytes(answer, "application/json; charset=utf-8");
            }).AddEndpointFilter<SlackReplayFilter>();

            signed.MapPost("/events", async Task<IResult> (HttpContext http, SlackInbound inbound) =>
            {
                if (JsonFields.TryParse(SlackSignatureFilter.Body(http)) is not { } document)
                {
                    return TypedResults.Problem("The body is not UTF-8 JSON.", statusCode: StatusCodes.Status400BadRequest);
                }

                using (document)
                {
                    var answer = await inbound.EventAsync(document.RootElement);
                    return answer is null ? TypedResults.Ok() : TypedResults.Text(answer.ToJsonString(), "application/json", Encoding.UTF8);
                }
            });

            signed.MapPost("/interactivity", IResult (HttpContext http, SlackInbound inbound) =>
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(SlackSignatureFilter.Body(http).Span));
                if (!form.TryGetValue("payload", out var payload))
                {
                    return TypedResults.Problem("The body has no payload field.", statusCode: StatusCodes.Status400BadRequest);
                }

                if (JsonFields.TryParse(Encoding.UTF8.GetBytes(payload.ToString())) is not { } document)
                {
                    return TypedResults.Problem("The payload is not JSON.", statusCode: StatusCodes.Status400BadRequest);
                }

                using (document)
                {
                    inbound.Interaction(document.RootElement);
                }

                return TypedResults.Ok();
            }).AddEndpointFilter<SlackReplayFilter>();
        }

        if (options.OAuthEnabled)
        {
            app.MapSlackInstall();
        }

        return app;
    }
}
