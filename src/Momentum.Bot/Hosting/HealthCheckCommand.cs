using System.Globalization;

namespace Momentum.Bot.Hosting;

/// <summary>
/// <c>dotnet Momentum.Bot.dll --healthcheck</c>: asks the running host's <c>/healthz</c> on its own address and exits 0
/// when it answers 200, else 1 with one line on stderr. The image's HEALTHCHECK runs it, so the runtime image needs no
/// curl or wget.
/// </summary>
public static class HealthCheckCommand
{
    public const string Argument = "--healthcheck";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static bool IsRequested(string[] args) => args.Contains(Argument, StringComparer.Ordinal);

    /// <summary>Reads the address the host listens on from the same configuration the host reads, then asks it.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var configuration = WebApplication.CreateBuilder(args.Where(a => a != Argument).ToArray()).Configuration;
        if (HealthUrl(configuration) is not { } url)
        {
            await error.WriteLineAsync("healthcheck: no http address to ask: set Urls (e.g. http://0.0.0.0:8080) or ASPNETCORE_HTTP_PORTS");
            return 1;
        }

        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                return 0;
            }

            await error.WriteLineAsync($"healthcheck: {url} answered {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await error.WriteLineAsync($"healthcheck: {url} did not answer: {(ex is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : ex.Message)}");
            return 1;
        }
    }

    /// <summary>
    /// <c>/healthz</c> on loopback at the first plain-http address of <c>Urls</c> (or <c>ASPNETCORE_HTTP_PORTS</c>'s
    /// first port): a wildcard host (<c>0.0.0.0</c>, <c>*</c>, <c>+</c>, <c>[::]</c>) is asked on 127.0.0.1.
    /// </summary>
    public static Uri? HealthUrl(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var entry in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var candidate = entry.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp)
            {
                var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
                return new UriBuilder(Uri.UriSchemeHttp, host, uri.Port, "/healthz").Uri;
            }
        }

        var ports = configuration["http_ports"] ?? configuration["ASPNETCORE_HTTP_PORTS"];
        var first = (ports ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? new UriBuilder(Uri.UriSchemeHttp, "127.0.0.1", port, "/healthz").Uri
            : null;
    }
}
