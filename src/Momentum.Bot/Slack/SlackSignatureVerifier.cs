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

        // "v0=" then 64 lowercase hex digits: compare the MACs, not their text, in constant time.
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (signature.Length != 3 + (2 * HMACSHA256.HashSizeInBytes) || !signature.StartsWith("v0=", StringComparison.Ordinal)
            || Convert.FromHexString(signature.AsSpan(3), presented, out _, out var written) != System.Buffers.OperationStatus.Done || written != presented.Length)
        {
            return SignatureCheck.Mismatch;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The <c>v0=…</c> signature of a body at a timestamp, as ASCII bytes.</summary>
    public byte[] Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(timestamp, body, mac);
        return Encoding.ASCII.GetBytes("v0=" + Convert.ToHexStringLower(mac));
    }

    /// <summary>HMAC-SHA256 of <c>"v0:{timestamp}:{body}"</c>, without building the message.</summary>
    private void Mac(string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Span<byte> prefix = timestamp.Length <= 60 ? stackalloc byte[64] : new byte[timestamp.Length + 4];
        "v0:"u8.CopyTo(prefix);
        var length = 3 + Encoding.UTF8.GetBytes(timestamp, prefix[3..]);
        prefix[length++] = (byte)':';
        hmac.AppendData(prefix[..length]);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
