using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Momentum.Bot.Slack;

public enum SignatureCheck
{
    Valid,
    MissingHeaders,
    BadTimestamp,
    Stale,
    Mismatch,
}

/// <summary>
/// Slack's request signing: <c>v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}"))</c> compared in constant time,
/// with the timestamp within five minutes of now either way. There is no "accept all" mode: an empty secret is an error.
/// </summary>
public sealed class SlackSignatureVerifier
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public SlackSignatureVerifier(string signingSecret, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(signingSecret))
        {
            throw new ArgumentException("A Slack signing secret is required; requests are never accepted unverified.", nameof(signingSecret));
        }

        _key = Encoding.UTF8.GetBytes(signingSecret);
        _time = time;
    }

    public SignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.MissingHeaders;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.BadTimestamp;
        }

        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (age.Duration() > Window)
        {
            return SignatureCheck.Stale;
        }

        var expected = Sign(timestamp, body);
        var presented = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The <c>v0=…</c> signature of a body at a timestamp, as ASCII bytes.</summary>
    public byte[] Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(_key, message);
        return Encoding.ASCII.GetBytes("v0=" + Convert.ToHexStringLower(mac));
    }
}
