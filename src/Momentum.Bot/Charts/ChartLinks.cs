using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Charts;

/// <summary>
/// Signed, expiring chart URLs: <c>{PublicBaseUrl}/charts/{id}.png?exp={unix seconds}&amp;sig={hex HMAC-SHA256 of
/// "id.exp"}</c>. The expiry is rounded up to the hour, so every replica signs the same chart with the same URL.
/// </summary>
public sealed class ChartLinks(IOptions<ChartsOptions> options, IOptions<PublicAddressOptions> address, TimeProvider time)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.SigningKey ?? "");

    public bool Enabled => address.Value.PublicBaseUrl is not null && _key.Length >= ChartsOptionsValidator.MinKeyLength;

    public TimeSpan Lifetime => options.Value.UrlLifetime;

    /// <summary>The chart's URL, valid for at least <see cref="Lifetime"/> from now (null without a public address).</summary>
    public Uri? For(string id)
    {
        if (!Enabled)
        {
            return null;
        }

        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds();
        expires = (expires / 3600 + 1) * 3600;
        var exp = expires.ToString(CultureInfo.InvariantCulture);
        var root = address.Value.PublicBaseUrl!.AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}/charts/{id}.png?exp={exp}&sig={Sign(id, exp)}");
    }

    /// <summary>Whether <paramref name="sig"/> signs this id and expiry, and the expiry has not passed.</summary>
    public bool Verify(string id, string? exp, string? sig)
    {
        if (_key.Length == 0 || exp is not { Length: > 0 and <= 12 } || sig is not { Length: 64 }
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires <= time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(id, exp));
        Span<byte> presented = stackalloc byte[64];
        for (var i = 0; i < 64; i++)
        {
            presented[i] = sig[i] < 128 ? (byte)sig[i] : (byte)0;
        }

        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    private string Sign(string id, string exp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{id}.{exp}")));
}
