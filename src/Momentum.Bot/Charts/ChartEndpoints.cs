using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Momentum.Bot.Charts;

/// <summary>
/// <c>GET /charts/{id}.png?exp=…&amp;sig=…</c>: a stored chart, for whoever holds its signed, unexpired URL. Anything
/// else under <c>/charts</c> — another name, a tampered or expired signature — is 403, and nothing but chart PNGs is
/// ever read from there.
/// </summary>
public static partial class ChartEndpoints
{
    public static IEndpointRouteBuilder MapCharts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/charts");
        group.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], async Task<Results<FileContentHttpResult, ForbidHttpResult, NotFound, StatusCodeHttpResult>> (
            string? path, string? exp, string? sig, ChartLinks links, ChartPublisher charts, HttpResponse response) =>
        {
            if (path is null || ChartFile().Match(path) is not { Success: true } match || !links.Verify(match.Groups[1].Value, exp, sig))
            {
                return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
            }

            var png = await charts.ReadAsync(match.Groups[1].Value);
            if (png is null)
            {
                return TypedResults.NotFound();
            }

            response.Headers.CacheControl = "public, max-age=86400, immutable";
            response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(png, "image/png");
        });
        group.MapMethods("/{**path}", [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Options], () => TypedResults.StatusCode(StatusCodes.Status403Forbidden));
        return app;
    }

    [GeneratedRegex("^([0-9a-f]{32})\\.png$", RegexOptions.CultureInvariant)]
    private static partial Regex ChartFile();
}
