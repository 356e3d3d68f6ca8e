using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Momentum.Bot.Hosting;

public sealed record HealthResponse(string Status, string? Detail = null);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;

public static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: the store answers.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Json(new HealthResponse("ok"), HealthJsonContext.Default.HealthResponse));
        app.MapGet("/readyz", async Task<JsonHttpResult<HealthResponse>> (IConnectionMultiplexer redis) =>
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return TypedResults.Json(new HealthResponse("ready"), HealthJsonContext.Default.HealthResponse);
            }
            catch (RedisException ex)
            {
                return TypedResults.Json(new HealthResponse("store unreachable", ex.Message), HealthJsonContext.Default.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}
