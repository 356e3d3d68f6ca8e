using Microsoft.Extensions.Options;

namespace Momentum.Bot.Teams;

public sealed class TeamsOptions
{
    public const string BotFrameworkMetadata = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The bot's Microsoft App ID (Azure Bot registration). Without it the Teams endpoint is not served.</summary>
    public string? AppId { get; set; }

    /// <summary>The app's client secret, for the Bot Connector token.</summary>
    public string? AppPassword { get; set; }

    /// <summary>
    /// The Entra tenant of a single-tenant registration (what new registrations must be). As a GUID it is also the one
    /// tenant whose activities are served (with <see cref="AllowedTenants"/>, if any).
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>
    /// Comma-separated tenant ids (GUIDs) whose activities are served, for a multi-tenant app; <c>*</c> serves every
    /// tenant. Activities from any other tenant get 403. Neither this nor a GUID <see cref="TenantId"/>: start-up fails.
    /// </summary>
    public string? AllowedTenants { get; set; }

    /// <summary>OpenID metadata of the Bot Connector's token issuer; its <c>jwks_uri</c> holds the signing keys.</summary>
    public Uri OpenIdMetadataUrl { get; set; } = new(BotFrameworkMetadata);

    /// <summary>OAuth2 token endpoint; default: the tenant's when <see cref="TenantId"/> is set, else botframework.com's.</summary>
    public Uri? TokenEndpoint { get; set; }

    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// Optional comma-separated host allow-list for service URLs (<c>smba.trafficmanager.net</c>, <c>*.botframework.com</c>):
    /// the bot's token goes only to service URLs seen on a validated activity and, when set, on this list.
    /// </summary>
    public string? AllowedServiceUrlHosts { get; set; }

    /// <summary>Activities with a larger body are refused with 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    public bool Enabled => !string.IsNullOrEmpty(AppId);

    public Uri TokenUrl => TokenEndpoint ?? new Uri(
        $"https://login.microsoftonline.com/{(string.IsNullOrEmpty(TenantId) ? "botframework.com" : TenantId)}/oauth2/v2.0/token");

    /// <summary>Whether activities from this tenant (a GUID) are served: <see cref="TenantId"/> or one of <see cref="AllowedTenants"/>.</summary>
    public bool AllowsTenant(string? tenant)
    {
        if (!Guid.TryParseExact(tenant, "D", out var id))
        {
            return false;
        }

        return ServedTenants.Any(t => t == "*" || (Guid.TryParse(t, out var allowed) && allowed == id));
    }

    /// <summary>The tenants served: a GUID <see cref="TenantId"/> and the entries of <see cref="AllowedTenants"/>.</summary>
    public IEnumerable<string> ServedTenants =>
        (AllowedTenants ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(Guid.TryParse(TenantId, out _) ? [TenantId!] : []);

    /// <summary>Whether a service URL's host passes the allow-list (always, when there is none).</summary>
    public bool AllowsHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (string.IsNullOrWhiteSpace(AllowedServiceUrlHosts))
        {
            return true;
        }

        foreach (var entry in AllowedServiceUrlHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase)
                : host.Equals(entry, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>https, or plain http to this machine (local test servers).</summary>
    public static bool IsSecureOrLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback));
    }
}

/// <summary>Start-up checks: a half-configured Teams app stops the host with one line naming the setting.</summary>
public sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrEmpty(options.AppPassword))
        {
            return ValidateOptionsResult.Fail("Teams__AppPassword is required with Teams__AppId (the client secret of the bot's app registration).");
        }

        if (!string.IsNullOrEmpty(options.TenantId) && !Guid.TryParse(options.TenantId, out _) && Uri.CheckHostName(options.TenantId) != UriHostNameType.Dns)
        {
            return ValidateOptionsResult.Fail("Teams__TenantId must be a tenant id (a GUID) or a tenant domain name.");
        }

        if (!TeamsOptions.IsSecureOrLoopback(options.OpenIdMetadataUrl))
        {
            return ValidateOptionsResult.Fail("Teams__OpenIdMetadataUrl must be an https URL (plain http only to 127.0.0.1 or localhost).");
        }

        if (!TeamsOptions.IsSecureOrLoopback(options.TokenUrl))
        {
            return ValidateOptionsResult.Fail("Teams__TokenEndpoint must be an https URL (plain http only to 127.0.0.1 or localhost).");
        }

        if (options.MaxBodyBytes is < 4096 or > 4 * 1024 * 1024)
        {
            return ValidateOptionsResult.Fail("Teams__MaxBodyBytes must be between 4096 and 4194304.");
        }

        if (options.ServedTenants.FirstOrDefault(t => t != "*" && !Guid.TryParse(t, out _)) is { } notATenant)
        {
            return ValidateOptionsResult.Fail($"Teams__AllowedTenants must list tenant ids (GUIDs) separated by commas, or be *; '{notATenant}' is not one.");
        }

        if (!options.ServedTenants.Any())
        {
            return ValidateOptionsResult.Fail("Teams__TenantId (the tenant's id, a GUID) or Teams__AllowedTenants (comma-separated tenant ids, or * for any) is required: the tenants whose Teams activities Momentum serves.");
        }

        return ValidateOptionsResult.Success;
    }
}
