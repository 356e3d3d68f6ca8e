using Microsoft.Extensions.Options;

namespace Momentum.Bot.Charts;

/// <summary>Where chat clients fetch charts: <c>Charts__…</c> settings.</summary>
public sealed class ChartsOptions
{
    /// <summary>The HMAC-SHA256 key that signs chart URLs (at least 32 characters); required with <c>Momentum__PublicBaseUrl</c>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a chart URL (and the stored PNG) stays valid.</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>The host's public address (<c>Momentum__PublicBaseUrl</c>), where Slack and Teams can fetch what it serves.</summary>
public sealed class PublicAddressOptions
{
    public Uri? PublicBaseUrl { get; set; }
}

public sealed class ChartsOptionsValidator(IOptions<PublicAddressOptions> address) : IValidateOptions<ChartsOptions>
{
    public const int MinKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, ChartsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (address.Value.PublicBaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.Query)))
        {
            return ValidateOptionsResult.Fail("Momentum__PublicBaseUrl must be an absolute http(s) address without a query, e.g. https://momentum.example.com.");
        }

        if (address.Value.PublicBaseUrl is not null && (options.SigningKey?.Length ?? 0) < MinKeyLength)
        {
            return ValidateOptionsResult.Fail($"Charts__SigningKey (at least {MinKeyLength} characters) is required with Momentum__PublicBaseUrl: it signs the chart URLs.");
        }

        if (options.UrlLifetime < TimeSpan.FromMinutes(10) || options.UrlLifetime > TimeSpan.FromDays(90))
        {
            return ValidateOptionsResult.Fail("Charts__UrlLifetime must be between 00:10:00 and 90.00:00:00.");
        }

        return ValidateOptionsResult.Success;
    }
}
