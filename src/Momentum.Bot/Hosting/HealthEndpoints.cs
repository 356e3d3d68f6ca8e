using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace Momentum.Bot.Hosting;

public sealed record HealthResponse(string Status, string? Detail = null, IReadOnlyList<string>? Warnings = null, string? Version = null);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;

public static class HealthEndpoints
{
    /// <summary>How long <c>/readyz</c> waits for the store: Kubernetes' default probe timeout is one second.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(0.8);

    /// <summary>
    /// <c>/healthz</c>: the process is up (with the build's version). <c>/readyz</c>: the store answers a ping within <see cref="ReadyTimeout"/>
    /// (else 503 with a short reason), plus the warnings of every <see cref="ReadinessProbe"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Json(new HealthResponse("ok", Version: Telemetry.Version), HealthJsonContext.Default.HealthResponse));
        app.MapGet("/readyz", async Task<JsonHttpResult<HealthResponse>> (IConnectionMultiplexer redis, IEnumerable<ReadinessProbe> probes, TimeProvider time, CancellationToken cancellationToken) =>
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                if (!redis.IsConnected)
                {
                    return Unavailable("store unreachable: not connected to Redis");
                }

                await redis.GetDatabase().PingAsync().WaitAsync(ReadyTimeout, time, cancellationToken);
                var warnings = new List<string>();
                foreach (var probe in probes)
                {
                    if (await probe.WarningAsync(budget.Token).WaitAsync(ReadyTimeout, time, cancellationToken) is { } warning)
                    {
                        warnings.Add($"{probe.Name}: {warning}");
                    }
                }

                return TypedResults.Json(new HealthResponse("ready", null, warnings.Count == 0 ? null : warnings), HealthJsonContext.Default.HealthResponse);
            }
            catch (RedisTimeoutException)
            {
                return Unavailable("store unreachable: Redis timed out");
            }
            catch (TimeoutException)
            {
                return Unavailable($"store unreachable: no answer from Redis within {ReadyTimeout.TotalSeconds:0.#} s");
            }
            catch (RedisException)
            {
                return Unavailable("store unreachable: Redis refused or dropped the connection");
            }
            finally
            {
                await budget.CancelAsync();
            }
        });
        return app;
    }

    private static JsonHttpResult<HealthResponse> Unavailable(string reason) =>
        TypedResults.Json(new HealthResponse("unavailable", reason), HealthJsonContext.Default.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable);
}
