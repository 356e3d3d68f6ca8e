
namespace Momentum.Bot.Hosting;

/// <summary>
/// From SIGTERM on the host takes no new work: <c>/readyz</c> answers 503 "stopping" (the Service stops sending it
/// traffic) and every other request but <c>/healthz</c> and <c>/metrics</c> gets 503 with <c>Retry-After</c> (Slack and
/// the Bot Connector retry, and reach another replica), while requests already in flight and the work they started
/// drain within <c>Shutdown__DrainTimeout</c>.
/// </summary>
public static class ShutdownGate
{
    public static IApplicationBuilder UseShutdownGate(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!stopping.IsCancellationRequested || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/metrics"))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            context.Response.Headers.Connection = "close";
            if (path.StartsWithSegments("/readyz"))
            {
                await context.Response.WriteAsJsonAsync(new HealthResponse("unavailable", "stopping"), HealthJsonContext.Default.HealthResponse, cancellationToken: context.RequestAborted);
            }
        });
    }
}
