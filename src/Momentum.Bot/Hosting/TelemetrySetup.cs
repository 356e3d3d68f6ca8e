using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Momentum.Bot.Hosting;

public sealed class TelemetryOptions
{
    /// <summary>Metrics (and <c>/metrics</c>) and traces at all; off only to measure what they cost.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Spans for commands, scans, deliveries, HTTP and Redis; by default on exactly when an OTLP endpoint is set.</summary>
    public bool? Traces { get; set; }

    /// <summary>
    /// 0: <c>/metrics</c> answers on every port the host listens on. A port: it answers only there (add the port to
    /// <c>Urls</c>, e.g. <c>http://+:8080;http://+:9464</c>), so a Service or Ingress for chat traffic never exposes it.
    /// </summary>
    [Range(0, 65535)]
    public int MetricsPort { get; set; }
}

public static class TelemetrySetup
{
    private const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry: Momentum's meter plus ASP.NET Core, HttpClient and runtime metrics, scraped at <c>/metrics</c> and
    /// pushed by OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; traces of Momentum's spans, inbound and outbound
    /// HTTP and Redis commands, exported by OTLP (W3C <c>traceparent</c> on every hop).
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry").ValidateDataAnnotations().ValidateOnStart();
        var settings = configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);
        // Momentum's meter is enabled as a rule for this host's own meters only (MeterScope.Local), not by name through
        // AddMeter, which would listen to every "Momentum" meter in the process: two hosts in one process (tests,
        // side-by-side benchmarks) would otherwise each export the other's commands, and the last one's gauges.
        services.AddMetrics(rules => rules.EnableMetrics(Telemetry.MeterName, instrumentName: null, listenerName: null, MeterScope.Local));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("momentum", serviceVersion: Telemetry.Version))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (settings.Traces ?? otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(Telemetry.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsPlumbing(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddRedisInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }

        return services;
    }

    /// <summary><c>/metrics</c> (only on <see cref="TelemetryOptions.MetricsPort"/> when one is set), unless telemetry is off.</summary>
    public static IEndpointRouteBuilder MapTelemetry(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (settings.Enabled)
        {
            var endpoint = app.MapPrometheusScrapingEndpoint("/metrics");
            if (settings.MetricsPort > 0)
            {
                endpoint.RequireHost($"*:{settings.MetricsPort}");
            }
        }

        return app;
    }

    // Probes and scrapes every few seconds are not worth a trace each.
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
