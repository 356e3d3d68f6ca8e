using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Momentum.Bot.Teams;

public enum TokenCheck
{
    Valid,
    Missing,
    Invalid,
    UnknownKey,
    Unendorsed,
    ServiceUrlMismatch,
    NoKeys,
    TenantMismatch,
}

/// <summary>
/// Validates the JWT the Bot Connector sends with every activity, as its authentication spec says: keys from the
/// OpenID metadata's JWKS (<see cref="BotFrameworkKeys"/>), RS256 only, issuer <c>https://api.botframework.com</c>,
/// audience = the app id, lifetime on the injected clock with five minutes of skew, the signing key endorsed for the
/// activity's channel, and the token's <c>serviceurl</c> claim equal to the activity's service URL. Nothing here can
/// be switched off.
/// </summary>
public sealed class TeamsTokenValidator
{
    public const string Issuer = "https://api.botframework.com";
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BotFrameworkKeys _keys;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;

    public TeamsTokenValidator(BotFrameworkKeys keys, IOptions<TeamsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = keys;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = options.Value.AppId,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return expires is { } exp && exp > now - ClockSkew && (notBefore is not { } nbf || nbf <= now + ClockSkew);
            },
            // The key id must name the key: a token whose kid is unknown is not tried against every key.
            TryAllIssuerSigningKeys = false,
        };
    }

    /// <summary>
    /// Checks the <c>Authorization</c> header for an activity received on <paramref name="channelId"/> from
    /// <paramref name="serviceUrl"/> in <paramref name="tenant"/>: a token that names a tenant (<c>tid</c>) must name that one.
    /// </summary>
    public async Task<TokenCheck> ValidateAsync(string? authorization, string? channelId, string? serviceUrl, string? tenant, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            return TokenCheck.Missing;
        }

        var token = authorization[7..].Trim();
        SigningKeySet keys;
        try
        {
            keys = await _keys.CurrentAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            return TokenCheck.NoKeys;
        }

        var result = await ValidateAsync(token, keys);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys rotate without notice: fetch them again (at most every five minutes) and try once more.
            if (await _keys.RefetchAsync(cancellationToken) is not { } refetched)
            {
                return TokenCheck.UnknownKey;
            }

            keys = refetched;
            result = await ValidateAsync(token, keys);
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                return TokenCheck.UnknownKey;
            }
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return TokenCheck.Invalid;
        }

        var kid = jwt.SigningKey?.KeyId ?? jwt.Kid;
        if (string.IsNullOrEmpty(channelId) || kid is null || !keys.Endorsements.TryGetValue(kid, out var endorsements)
            || !endorsements.Contains(channelId, StringComparer.Ordinal))
        {
            return TokenCheck.Unendorsed;
        }

        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var claimed) || serviceUrl is null
            || !string.Equals(claimed, serviceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return TokenCheck.ServiceUrlMismatch;
        }

        // Bot Connector tokens carry no tenant today; one that does speaks for that tenant only.
        return !jwt.TryGetPayloadValue<string>("tid", out var tid) || string.Equals(tid, tenant, StringComparison.OrdinalIgnoreCase)
            ? TokenCheck.Valid
            : TokenCheck.TenantMismatch;
    }

    private Task<TokenValidationResult> ValidateAsync(string token, SigningKeySet keys)
    {
        var parameters = _parameters.Clone();
        parameters.IssuerSigningKeys = keys.Configuration.SigningKeys;
        return _handler.ValidateTokenAsync(token, parameters);
    }
}
