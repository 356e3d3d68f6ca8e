using Microsoft.Extensions.Options;

namespace Momentum.Bot.Slack;

public sealed class SlackOptions
{
    /// <summary>Verifies every HTTP request from Slack. Without it the Slack HTTP endpoints are not served.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Single-workspace mode: the bot token (xoxb-…) used for every team.</summary>
    public string? BotToken { get; set; }

    /// <summary>Multi-workspace OAuth v2: the app's client id and secret.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Where Slack sends the browser back after install; default: this host's /slack/oauth/callback.</summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>Bot scopes asked for at install.</summary>
    public string Scopes { get; set; } = "app_mentions:read,channels:history,chat:write,chat:write.public,commands,files:write,groups:history,im:history";

    /// <summary>Socket Mode: an app-level token (xapp-…) with connections:write. The bot connects out; no public URL needed.</summary>
    public string? AppToken { get; set; }

    /// <summary>Slack Web API base; method names are appended (<c>{base}chat.postMessage</c>).</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Slack's OAuth authorize page.</summary>
    public Uri AuthorizeUrl { get; set; } = new("https://slack.com/oauth/v2/authorize");

    /// <summary>Requests with a larger body are refused with 413.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    public bool HttpEnabled => !string.IsNullOrEmpty(SigningSecret);

    public bool SocketModeEnabled => !string.IsNullOrEmpty(AppToken);

    public bool OAuthEnabled => !string.IsNullOrEmpty(ClientId);

    public bool AnyConfigured => HttpEnabled || SocketModeEnabled || OAuthEnabled || !string.IsNullOrEmpty(BotToken);
}

/// <summary>Start-up checks: a half-configured Slack app stops the host with one line naming the missing setting.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((!string.IsNullOrEmpty(options.BotToken) || options.OAuthEnabled) && !options.HttpEnabled && !options.SocketModeEnabled)
        {
            return ValidateOptionsResult.Fail("Slack__SigningSecret is required to serve Slack over HTTP (or set Slack__AppToken for Socket Mode).");
        }

        if (options.OAuthEnabled && string.IsNullOrEmpty(options.ClientSecret))
        {
            return ValidateOptionsResult.Fail("Slack__ClientSecret is required with Slack__ClientId.");
        }

        if (options.SocketModeEnabled && string.IsNullOrEmpty(options.BotToken) && !options.OAuthEnabled)
        {
            return ValidateOptionsResult.Fail("Slack__BotToken is required with Slack__AppToken (Socket Mode posts with the bot token).");
        }

        if (options.MaxBodyBytes is < 1024 or > 1024 * 1024)
        {
            return ValidateOptionsResult.Fail("Slack__MaxBodyBytes must be between 1024 and 1048576.");
        }

        return ValidateOptionsResult.Success;
    }
}
