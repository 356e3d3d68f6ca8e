using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;
using static Momentum.Bot.Hosting.JsonFields;

namespace Momentum.Bot.Slack;

/// <summary>
/// Verifies a Slack request on its raw body before anything reads it: bodies over <c>Slack__MaxBodyBytes</c> get
/// 413, bad or stale signatures 401. The verified bytes are left in <c>HttpContext.Items</c> for the handler.
/// </summary>
public sealed partial class SlackSignatureFilter(SlackSignatureVerifier verifier, IOptions<SlackOptions> options, ILogger<SlackSignatureFilter> logger) : IEndpointFilter
{
    public const string BodyKey = "slack.body";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var max = options.Value.MaxBodyBytes;
        if (await RequestBody.ReadAtMostAsync(request, max, context.HttpContext.RequestAborted) is not { } body)
        {
            return TypedResults.Problem($"Slack requests are at most {max} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var check = verifier.Verify(request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body.Span);
        if (check != SignatureCheck.Valid)
        {
            Rejected(logger, request.Path, check);
            return TypedResults.Problem("The request's Slack signature is missing, stale or wrong.", statusCode: StatusCodes.Status401Unauthorized);
        }

        context.HttpContext.Items[BodyKey] = body;
        return await next(context);
    }

    /// <summary>The verified raw body of the current request.</summary>
    internal static ReadOnlyMemory<byte> Body(HttpContext http) => (ReadOnlyMemory<byte>)http.Items[BodyKey]!;

    [LoggerMessage(1, LogLevel.Warning, "Refused a Slack request to {Path}: {Check}")]
    private static partial void Rejected(ILogger logger, PathString path, SignatureCheck check);
}

public static class SlackEndpoints
{
    private const string StateCookie = "momentum_slack_state";

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
            });

            signed.MapPost("/events", async Task<IResult> (HttpContext http, SlackInbound inbound) =>
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(SlackSignatureFilter.Body(http));
                }
                catch (JsonException)
                {
                    return TypedResults.Problem("The body is not JSON.", statusCode: StatusCodes.Status400BadRequest);
                }

                using (document)
                {
                    var answer = await inbound.EventAsync(document.RootElement);
                    return answer is null ? TypedResults.Ok() : TypedResults.Text(answer.ToJsonString(), "application/json", Encoding.UTF8);
                }
            });

            signed.MapPost("/interactivity", async Task<IResult> (HttpContext http, SlackInbound inbound) =>
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(SlackSignatureFilter.Body(http).Span));
                if (!form.TryGetValue("payload", out var payload))
                {
                    return TypedResults.Problem("The body has no payload field.", statusCode: StatusCodes.Status400BadRequest);
                }

                try
                {
                    using var document = JsonDocument.Parse(payload.ToString());
                    await inbound.InteractionAsync(document.RootElement);
                }
                catch (JsonException)
                {
                    return TypedResults.Problem("The payload is not JSON.", statusCode: StatusCodes.Status400BadRequest);
                }

                return TypedResults.Ok();
            });
        }

        if (options.OAuthEnabled)
        {
            app.MapGet("/slack/install", async (HttpContext http, SlackInstallationStore store, IOptions<SlackOptions> slack) =>
            {
                var state = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
                await store.SaveStateAsync(state);
                http.Response.Cookies.Append(StateCookie, state, new CookieOptions
                {
                    HttpOnly = true,
                    Secure = http.Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    Path = "/slack/oauth",
                    MaxAge = TimeSpan.FromMinutes(10),
                });
                var query = new Dictionary<string, string?>
                {
                    ["client_id"] = slack.Value.ClientId,
                    ["scope"] = slack.Value.Scopes,
                    ["redirect_uri"] = RedirectUri(http, slack.Value).AbsoluteUri,
                    ["state"] = state,
                };
                return TypedResults.Redirect(QueryHelpers.AddQueryString(slack.Value.AuthorizeUrl.AbsoluteUri, query));
            });

            app.MapGet("/slack/oauth/callback", async Task<ContentHttpResult> (
                HttpContext http, string? code, string? state, string? error,
                SlackInstallationStore store, SlackApiClient api, IOptions<SlackOptions> slack, TimeProvider time) =>
            {
                if (error is not null)
                {
                    return Page(HttpStatusCode.OK, "Install cancelled", $"Slack said: {error}. Nothing was installed.");
                }

                var cookie = http.Request.Cookies[StateCookie];
                http.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = "/slack/oauth" });
                if (string.IsNullOrEmpty(state) || cookie != state || !await store.ConsumeStateAsync(state) || string.IsNullOrEmpty(code))
                {
                    return Page(HttpStatusCode.BadRequest, "This install link is not valid", "It expired, was already used, or was not started in this browser. Start again from /slack/install.");
                }

                try
                {
                    var answer = await api.CallFormAsync("oauth.v2.access", new Dictionary<string, string>
                    {
                        ["code"] = code,
                        ["client_id"] = slack.Value.ClientId!,
                        ["client_secret"] = slack.Value.ClientSecret!,
                        ["redirect_uri"] = RedirectUri(http, slack.Value).AbsoluteUri,
                    }, http.RequestAborted);
                    var installation = Installation(answer, slack.Value.ClientSecret!, time.GetUtcNow());
                    await store.SaveAsync(installation);
                    return Page(HttpStatusCode.OK, "Momentum is installed", $"Momentum is installed in {installation.TeamName ?? installation.Workspace}. Type /momentum help in any channel.");
                }
                catch (SlackApiException ex)
                {
                    return Page(HttpStatusCode.BadGateway, "Slack refused the install", $"{ex.Error}. Try again from /slack/install.");
                }
            });
        }

        return app;
    }

    private static SlackInstallation Installation(JsonElement answer, string clientSecret, DateTimeOffset now)
    {
        var team = answer.TryGetProperty("team", out var t) ? t : default;
        var enterprise = answer.TryGetProperty("enterprise", out var en) ? en : default;
        var enterpriseInstall = answer.TryGetProperty("is_enterprise_install", out var ei) && ei.ValueKind == JsonValueKind.True;
        var workspace = (enterpriseInstall ? Str(enterprise, "id") : Str(team, "id"))
            ?? throw new SlackApiException("oauth.v2.access", "no team id in the answer");
        var token = Str(answer, "access_token") ?? throw new SlackApiException("oauth.v2.access", "no access token in the answer");
        return new SlackInstallation(
            workspace,
            Str(team, "name"),
            Str(enterprise, "id"),
            Str(answer, "bot_user_id") ?? "",
            SlackTokens.Protect(token, clientSecret),
            Str(answer, "scope") ?? "",
            Str(answer, "app_id"),
            answer.TryGetProperty("authed_user", out var user) ? Str(user, "id") ?? "" : "",
            now);
    }

    private static Uri RedirectUri(HttpContext http, SlackOptions options) =>
        options.RedirectUri ?? new Uri($"{http.Request.Scheme}://{http.Request.Host}/slack/oauth/callback");

    private static ContentHttpResult Page(HttpStatusCode status, string title, string message) => TypedResults.Content(
        $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title>"
        + $"<body style=\"font-family:system-ui;max-width:40rem;margin:4rem auto\"><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>",
        "text/html; charset=utf-8",
        statusCode: (int)status);
}
