using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// A fake of login.botframework.com on 127.0.0.1: the OpenID metadata document, and a JWKS whose keys carry
/// <c>endorsements</c> like the real one. It holds the private halves, so tests sign tokens the way the Bot Connector does.
/// </summary>
public sealed class FakeBotFrameworkLogin : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string DefaultKey = "key-1";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (RsaSecurityKey Key, string[] Endorsements)> _published = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private int _keyFetches;
    private int _metadataFetches;

    private FakeBotFrameworkLogin(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri MetadataUrl => new(BaseUrl, "v1/.well-known/openidconfiguration");

    /// <summary>How often the JWKS was fetched.</summary>
    public int KeyFetches => Volatile.Read(ref _keyFetches);

    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    public static async Task<FakeBotFrameworkLogin> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotFrameworkLogin(app);
        app.MapGet("/v1/.well-known/openidconfiguration", fake.Metadata);
        app.MapGet("/v1/.well-known/keys", fake.Keys);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        fake.Publish(DefaultKey, "msteams");
        return fake;
    }

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    /// <summary>Adds (or replaces) a key in the JWKS, endorsed for the given channels.</summary>
    public RsaSecurityKey Publish(string kid, params string[] endorsements)
    {
        var key = NewKey(kid);
        _published[kid] = (key, endorsements);
        return key;
    }

    public RsaSecurityKey Key(string kid) => _published[kid].Key;

    /// <summary>A Bot Connector token: RS256, issuer api.botframework.com, the <c>serviceurl</c> claim, valid for an hour from <paramref name="now"/>.</summary>
    public string Sign(
        string audience,
        string serviceUrl,
        DateTimeOffset now,
        string? issuer = null,
        TimeSpan? notBefore = null,
        TimeSpan? expires = null,
        string kid = DefaultKey,
        RsaSecurityKey? key = null,
        string? tenant = null)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = (now + (notBefore ?? TimeSpan.Zero)).UtcDateTime,
            NotBefore = (now + (notBefore ?? TimeSpan.Zero)).UtcDateTime,
            Expires = (now + (expires ?? TimeSpan.FromHours(1))).UtcDateTime,
            SigningCredentials = new SigningCredentials(key ?? Key(kid), SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
        };
        if (tenant is not null)
        {
            descriptor.Claims["tid"] = tenant;
        }

        return _handler.CreateToken(descriptor);
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string audience, string serviceUrl, DateTimeOffset now)
    {
        static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return $"{B64("""{"alg":"none","typ":"JWT"}""")}.{B64(payload.ToJsonString())}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Metadata()
    {
        Interlocked.Increment(ref _metadataFetches);
        return Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = new Uri(BaseUrl, "v1/.well-known/keys").AbsoluteUri,
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        });
    }

    private IResult Keys()
    {
        Interlocked.Increment(ref _keyFetches);
        var keys = new JsonArray();
        foreach (var (kid, (key, endorsements)) in _published)
        {
            var parameters = key.Rsa.ExportParameters(false);
            keys.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)e).ToArray()),
            });
        }

        return Results.Json(new JsonObject { ["keys"] = keys });
    }
}

public sealed record ConnectorCall(string Method, string RawPath, string Conversation, string? ActivityId, string? Authorization, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The Adaptive Card the activity carries.</summary>
    public JsonElement Card => Json.GetProperty("attachments")[0].GetProperty("content");
}

/// <summary>
/// A fake Bot Connector on 127.0.0.1: the OAuth2 token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>) and the v3
/// conversations API under a regional service URL (<c>/amer/</c>). It answers 401 to any bearer token it did not issue,
/// and scripted statuses (429, 403 …) when told to.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CallLog<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _tokenRequests = new();
    private readonly ConcurrentDictionary<string, bool> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Status, string Body, int? RetryAfter)> _scripted = new();
    private readonly ConcurrentDictionary<string, bool> _deleted = new(StringComparer.Ordinal);
    private int _activityIds;

    private FakeBotConnector(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The service URL activities name (Teams' are regional, like <c>https://smba.trafficmanager.net/amer/</c>).</summary>
    public string ServiceUrl => new Uri(BaseUrl, "amer/").AbsoluteUri;

    public Uri TokenUrl(string tenant) => new(BaseUrl, $"{tenant}/oauth2/v2.0/token");

    public IReadOnlyList<ConnectorCall> Calls => _calls.Calls;

    public IReadOnlyList<IReadOnlyDictionary<string, string>> TokenRequests => _tokenRequests.ToArray();

    public static async Task<FakeBotConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotConnector(app);
        app.MapPost("/{tenant}/oauth2/v2.0/token", fake.TokenAsync);
        app.MapPost("/amer/v3/conversations/{conversation}/activities", (HttpContext http, string conversation) => fake.ActivityAsync(http, conversation, null));
        app.MapPost("/amer/v3/conversations/{conversation}/activities/{activityId}", fake.ActivityAsync);
        app.MapPut("/amer/v3/conversations/{conversation}/activities/{activityId}", fake.ActivityAsync);
        app.MapGet("/stats", () => Results.Json(new JsonObject { ["tokenRequests"] = fake._tokenRequests.Count, ["calls"] = fake._calls.Count }));
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Deletes an activity as a person in Teams would: updating it then answers 404.</summary>
    public void Delete(string activityId) => _deleted[activityId] = true;

    /// <summary>The next conversation call gets this answer.</summary>
    public void Script(int status, string body, int? retryAfter = null) => _scripted.Enqueue((status, body, retryAfter));

    public Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> match, TimeSpan? timeout = null) => _calls.WaitForAsync(match, timeout);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task TokenAsync(HttpContext context, string tenant)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        form["tenant"] = tenant;
        _tokenRequests.Enqueue(form);
        var token = $"connector-token-{_tokenRequests.Count}-{Guid.NewGuid():N}";
        _issued[token] = true;
        await context.Response.WriteAsJsonAsync(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3600, ["ext_expires_in"] = 3600, ["access_token"] = token });
    }

    private async Task ActivityAsync(HttpContext context, string conversation, string? activityId)
    {
        using var reader = new StreamReader(context.Request.Body);
        var authorization = context.Request.Headers.Authorization.ToString();
        var call = new ConnectorCall(context.Request.Method, context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget,
            conversation, activityId, authorization, await reader.ReadToEndAsync());
        _calls.Add(call);

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_issued.ContainsKey(authorization[7..]))
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"message":"Authorization has been denied for this request."}""");
            return;
        }

        if (_scripted.TryDequeue(out var scripted))
        {
            if (scripted.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.StatusCode = scripted.Status;
            await context.Response.WriteAsync(scripted.Body);
            return;
        }

        if (context.Request.Method == "PUT" && activityId is not null && _deleted.ContainsKey(activityId))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"error":{"code":"NotFound","message":"The message was not found."}}""");
            return;
        }

        context.Response.StatusCode = context.Request.Method == "PUT" ? 200 : 201;
        await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = "1700000000" + Interlocked.Increment(ref _activityIds).ToString("000", System.Globalization.CultureInfo.InvariantCulture) });
    }
}
