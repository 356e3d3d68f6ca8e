using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Momentum.Bot.Store;
using static Momentum.Bot.Hosting.JsonFields;

namespace Momentum.Bot.Slack;

/// <summary>Multi-workspace install: <c>/slack/install</c> sends people to Slack's OAuth page, <c>/slack/oauth/callback</c> stores the installation.</summary>
public static class SlackInstallEndpoints
{
    private const string StateCookie = "momentum_slack_state";

    public static IEndpointRouteBuilder MapSlackInstall(this IEndpointRouteBuilder app)
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
        return app;
    }

    private static SlackInstallation Installation(JsonElement answer, string clientSecret, DateTimeOffset now)
    {
        var team = answer.TryGetProperty("team", out var t) ? t : default;
        var enterprise = answer.TryGetProperty("enterprise", out var en) ? en : default;
        var enterpriseInstall = answer.TryGetProperty("is_enterprise_install", out var ei) && ei.ValueKind == JsonValueKind.True;
        var workspace = WorkspaceIds.Slack(enterpriseInstall ? Text(enterprise, "id") : Text(team, "id"))
            ?? throw new SlackApiException("oauth.v2.access", "no team id in the answer");
        var token = Text(answer, "access_token") ?? throw new SlackApiException("oauth.v2.access", "no access token in the answer");
        return new SlackInstallation(
            workspace,
            Text(team, "name"),
            Text(enterprise, "id"),
            Text(answer, "bot_user_id") ?? "",
            SlackTokens.Protect(token, clientSecret),
            Text(answer, "scope") ?? "",
            Text(answer, "app_id"),
            answer.TryGetProperty("authed_user", out var user) ? Text(user, "id") ?? "" : "",
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
