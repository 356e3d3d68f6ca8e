using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Momentum.Bot.GitHub;

/// <summary>
/// The JSON Web Token a GitHub App authenticates as itself with: RS256 over <c>{iat, exp, iss}</c>, issued a minute in
/// the past (clock drift) and valid for nine minutes (GitHub refuses more than ten).
/// </summary>
public sealed class GitHubAppJwt : IDisposable
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT"}""");
    private readonly RSA _key = RSA.Create();
    private readonly string _issuer;

    public GitHubAppJwt(string issuer, string privateKeyPem)
    {
        _issuer = issuer;
        _key.ImportFromPem(privateKeyPem);
    }

    public static TimeSpan Lifetime { get; } = TimeSpan.FromMinutes(9);

    public string Create(DateTimeOffset now)
    {
        using var payload = new MemoryStream();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteNumber("iat", now.AddSeconds(-60).ToUnixTimeSeconds());
            json.WriteNumber("exp", (now + Lifetime).ToUnixTimeSeconds());
            json.WriteString("iss", _issuer);
            json.WriteEndObject();
        }

        var signed = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(payload.ToArray());
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose() => _key.Dispose();
}
