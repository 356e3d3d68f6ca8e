using Microsoft.AspNetCore.Http.HttpResults;
using Momentum.Bot.Api;
using StackExchange.Redis;

namespace Momentum.Bot.Hosting;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok")));
        app.MapGet("/readyz", async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> (IConnectionMultiplexer redis) =>
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return TypedResults.Ok(new HealthResponse("ready"));
            }
            catch (RedisException ex)
            {
                return TypedResults.Json(new HealthResponse("store unreachable", ex.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}
