using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Slack;

/// <summary>
/// Which bot token speaks for a workspace: its OAuth installation's (decrypted), else the single-workspace
/// <c>Slack__BotToken</c>. Installation tokens are encrypted at rest with AES-GCM under a key derived from the
/// app's client secret, so a copy of Redis alone does not leak them.
/// </summary>
public sealed class SlackTokens(SlackInstallationStore installations, IOptions<SlackOptions> options)
{
    public async Task<string?> BotTokenAsync(string workspace)
    {
        if (await installations.GetAsync(workspace) is { } installation && options.Value.ClientSecret is { Length: > 0 } secret)
        {
            return Unprotect(installation.ProtectedBotToken, secret);
        }

        return options.Value.BotToken is { Length: > 0 } token ? token : null;
    }

    public async Task<string?> BotUserIdAsync(string workspace) => (await installations.GetAsync(workspace))?.BotUserId;

    public static string Protect(string token, string secret)
    {
        ArgumentNullException.ThrowIfNull(token);
        var plain = Encoding.UTF8.GetBytes(token);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(Key(secret), tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public static string Unprotect(string protectedToken, string secret)
    {
        var bytes = Convert.FromBase64String(protectedToken);
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[bytes.Length - nonceSize - tagSize];
        using (var aes = new AesGcm(Key(secret), tagSize))
        {
            aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize + tagSize), bytes.AsSpan(nonceSize, tagSize), plain);
        }

        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Key(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, Encoding.UTF8.GetBytes("momentum"), Encoding.UTF8.GetBytes("slack-bot-token"));
}
