using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>One request an adoption fake was sent: its raw path, User-Agent and If-None-Match.</summary>
public sealed record AdoptionCall(string Path, string? UserAgent, string? IfNoneMatch);

/// <summary>What a scripted path answers instead of its data: a status (with Retry-After), a body that is not JSON, a 200 with another body, or no answer at all.</summary>
public sealed record AdoptionFault(int Status = 500, int? RetryAfterSeconds = null, bool Malformed = false, bool Hang = false, string? Body = null);

/// <summary>
/// The four adoption sources' real wire formats on one local server (each source gets its own base URL under it):
/// deps.dev <c>/depsdev/v3/systems/{s}/packages/{name}</c> (versions with <c>isDefault</c>) and
/// <c>/depsdev/v3alpha/…/versions/{v}:dependents</c>; npm <c>/npm/downloads/point/last-week/{package}</c>; crates.io
/// <c>/crates/api/v1/crates/{name}</c> (refuses requests without a User-Agent, as crates.io does); Docker Hub
/// <c>/dockerhub/v2/repositories/{namespace}/{name}/</c>. Unknown packages get each source's 404; every answer carries an
/// ETag and a matching If-None-Match gets 304. <see cref="Faults"/> script failures by path prefix.
/// </summary>
public sealed class FakeAdoption : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CallLog<AdoptionCall> _calls = new();

    private FakeAdoption(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>deps.dev packages: "system:name" → (default version, dependents, direct dependents).</summary>
    public ConcurrentDictionary<string, (string Version, long Dependents, long Direct)> DepsDev { get; } = new(StringComparer.Ordinal);

    /// <summary>npm: package → downloads last week.</summary>
    public ConcurrentDictionary<string, long> Npm { get; } = new(StringComparer.Ordinal);

    /// <summary>crates.io: crate → (recent downloads, all-time downloads).</summary>
    public ConcurrentDictionary<string, (long Recent, long Total)> Crates { get; } = new(StringComparer.Ordinal);

    /// <summary>Docker Hub: "namespace/name" → pull count.</summary>
    public ConcurrentDictionary<string, long> DockerHub { get; } = new(StringComparer.Ordinal);

    /// <summary>Path prefix (e.g. "/npm/") → the fault every request under it gets until removed.</summary>
    public ConcurrentDictionary<string, AdoptionFault> Faults { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<AdoptionCall> Calls => _calls.Calls;

    public int CallsUnder(string prefix) => Calls.Count(c => c.Path.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The host's settings that point every source here (and turn adoption on).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Adoption:Enabled"] = "true",
        ["Adoption:DepsDev:BaseUrl"] = new Uri(BaseUrl, "depsdev/").ToString(),
        ["Adoption:Npm:BaseUrl"] = new Uri(BaseUrl, "npm/").ToString(),
        ["Adoption:Crates:BaseUrl"] = new Uri(BaseUrl, "crates/").ToString(),
        ["Adoption:DockerHub:BaseUrl"] = new Uri(BaseUrl, "dockerhub/").ToString(),
    };

    public static async Task<FakeAdoption> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAdoption(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget.Split('?')[0];
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        _calls.Add(new AdoptionCall(raw, context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null, ifNoneMatch.Length > 0 ? ifNoneMatch : null));
        if (Faults.FirstOrDefault(f => raw.StartsWith(f.Key, StringComparison.Ordinal)).Value is { } fault)
        {
            await FaultAsync(context, fault);
            return;
        }

        var (status, body) = Answer(raw, context.Request.Headers.UserAgent.Count > 0);
        if (status == 200)
        {
            var etag = $"\"{(uint)body.GetHashCode(StringComparison.Ordinal):x8}\"";
            context.Response.Headers.ETag = etag;
            if (ifNoneMatch == etag)
            {
                context.Response.StatusCode = 304;
                return;
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private static async Task FaultAsync(HttpContext context, AdoptionFault fault)
    {
        if (fault.Hang)
        {
            // Never answers: the client's timeout ends the request (and aborts this wait).
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (fault.Body is { } body)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
            return;
        }

        context.Response.StatusCode = fault.Malformed ? 200 : fault.Status;
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(fault.Malformed ? "{\"downloads\": 12, \"pull_count\": " : "{\"error\":\"internal\"}");
    }

    private (int Status, string Body) Answer(string raw, bool hasUserAgent)
    {
        var segments = raw.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        switch (segments)
        {
            case ["depsdev", "v3", "systems", var system, "packages", var name]:
                return DepsDev.TryGetValue($"{system}:{name}", out var p)
                    ? (200, $$"""{"packageKey":{"system":"{{system.ToUpperInvariant()}}","name":"{{name}}"},"versions":[{"versionKey":{"system":"{{system.ToUpperInvariant()}}","name":"{{name}}","version":"0.0.1"},"isDefault":false},{"versionKey":{"system":"{{system.ToUpperInvariant()}}","name":"{{name}}","version":"{{p.Version}}"},"isDefault":true}]}""")
                    : (404, """{"code":5,"message":"package not found","details":[]}""");
            case ["depsdev", "v3alpha", "systems", var system, "packages", var name, "versions", var versionAndVerb] when versionAndVerb.EndsWith(":dependents", StringComparison.Ordinal):
                var version = versionAndVerb[..^":dependents".Length];
                if (!DepsDev.TryGetValue($"{system}:{name}", out var d) || d.Version != version)
                {
                    return (404, """{"code":5,"message":"version not found","details":[]}""");
                }

                // proto3 JSON leaves out zero counts.
                var fields = new List<string>();
                if (d.Dependents > 0) fields.Add($"\"dependentCount\":{d.Dependents}");
                if (d.Direct > 0) fields.Add($"\"directDependentCount\":{d.Direct}");
                if (d.Dependents - d.Direct > 0) fields.Add($"\"indirectDependentCount\":{d.Dependents - d.Direct}");
                return (200, "{" + string.Join(",", fields) + "}");
            case ["npm", "downloads", "point", "last-week", .. var parts] when parts.Length is 1 or 2:
                var package = string.Join('/', parts);
                return Npm.TryGetValue(package, out var downloads)
                    ? (200, $$"""{"downloads":{{downloads}},"start":"2026-03-09","end":"2026-03-15","package":"{{package}}"}""")
                    : (404, $$"""{"error":"package {{package}} not found"}""");
            case ["crates", "api", "v1", "crates", var crate]:
                if (!hasUserAgent)
                {
                    return (403, """{"errors":[{"detail":"We require that all requests include a `User-Agent` header."}]}""");
                }

                return Crates.TryGetValue(crate, out var c)
                    ? (200, $$"""{"crate":{"id":"{{crate}}","name":"{{crate}}","downloads":{{c.Total}},"recent_downloads":{{c.Recent}},"max_version":"1.0.0"},"versions":[],"keywords":[],"categories":[]}""")
                    : (404, """{"errors":[{"detail":"crate `x` does not exist"}]}""");
            case ["dockerhub", "v2", "repositories", var ns, var image]:
                return DockerHub.TryGetValue($"{ns}/{image}", out var pulls)
                    ? (200, $$"""{"user":"{{ns}}","name":"{{image}}","namespace":"{{ns}}","repository_type":"image","status":1,"is_private":false,"star_count":10,"pull_count":{{pulls}},"last_updated":"2026-03-10T10:00:00.000000Z"}""")
                    : (404, """{"message":"object not found","errinfo":{}}""");
            default:
                return (404, """{"message":"no such endpoint"}""");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
