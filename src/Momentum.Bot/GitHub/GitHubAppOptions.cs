using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.GitHub;

/// <summary>A GitHub App (<c>GitHub__App__*</c>): its id and private key sign the JWT that mints installation tokens.</summary>
public sealed class GitHubAppOptions
{
    /// <summary>The App's id (or its client id, which GitHub accepts as the JWT issuer too). Unset: no App.</summary>
    public string? Id { get; set; }

    /// <summary>The App's private key, PEM (<c>\n</c> written as two characters is accepted, for one-line variables).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A file holding the App's private key, PEM (a mounted secret), instead of <see cref="PrivateKey"/>.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>How often the App's installations and the repositories each covers are listed again.</summary>
    public TimeSpan InstallationsRefresh { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An installation token is replaced this long before it expires (GitHub's last an hour).</summary>
    public TimeSpan TokenRefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(Id);

    /// <summary>The key's PEM text, from the setting or the file.</summary>
    public string ReadPrivateKey() =>
        !string.IsNullOrWhiteSpace(PrivateKey) ? PrivateKey.Replace("\\n", "\n", StringComparison.Ordinal) : File.ReadAllText(PrivateKeyPath!);
}

/// <summary>The rules across GitHub settings: an App needs exactly one readable RSA private key.</summary>
public sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Tokens.Any(string.IsNullOrWhiteSpace))
        {
            return ValidateOptionsResult.Fail("GitHub__Tokens__N: a pooled token is empty; remove it or set it.");
        }

        var app = options.App;
        var hasKey = !string.IsNullOrWhiteSpace(app.PrivateKey);
        var hasPath = !string.IsNullOrWhiteSpace(app.PrivateKeyPath);
        if (!app.Enabled)
        {
            return hasKey || hasPath
                ? ValidateOptionsResult.Fail("GitHub__App__PrivateKey or GitHub__App__PrivateKeyPath is set but GitHub__App__Id is not; set the App's id.")
                : ValidateOptionsResult.Success;
        }

        if (hasKey == hasPath)
        {
            return ValidateOptionsResult.Fail("GitHub__App__Id needs the App's private key: set exactly one of GitHub__App__PrivateKey (PEM) or GitHub__App__PrivateKeyPath (a PEM file).");
        }

        if (hasPath && !File.Exists(app.PrivateKeyPath))
        {
            return ValidateOptionsResult.Fail("GitHub__App__PrivateKeyPath names no readable file.");
        }

        if (app.InstallationsRefresh <= TimeSpan.Zero || app.TokenRefreshBefore < TimeSpan.Zero || app.TokenRefreshBefore >= TimeSpan.FromMinutes(55))
        {
            return ValidateOptionsResult.Fail("GitHub__App__InstallationsRefresh must be positive and GitHub__App__TokenRefreshBefore from 0 to 55 minutes.");
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(app.ReadPrivateKey());
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            // Never the key itself: only which setting and what kind of problem.
            var setting = hasKey ? "GitHub__App__PrivateKey" : "GitHub__App__PrivateKeyPath";
            return ValidateOptionsResult.Fail($"{setting} is not a readable RSA private key in PEM form ({ex.GetType().Name}).");
        }

        return ValidateOptionsResult.Success;
    }
}
