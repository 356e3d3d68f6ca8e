using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Teams;

/// <summary>
/// The bot's own token for the Bot Connector: OAuth2 client credentials against <c>Teams__TokenEndpoint</c> (the
/// tenant's for single-tenant registrations), cached until five minutes before it expires, fetched by one caller at
/// a time. Tokens last an hour, so a busy bot asks about once an hour.
/// </summary>
public sealed class BotConnectorTokens(IHttpClientFactory clients, IOptions<TeamsOptions> options, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "teams.token";
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } cached && time.GetUtcNow() < cached.RenewAt)
        {
            return cached.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && time.GetUtcNow() < again.RenewAt)
            {
                return again.Token;
            }

            var fresh = await RequestAsync(cancellationToken);
            _current = fresh;
            return fresh.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The connector refused the token (401): forget it, so the next call fetches a new one.</summary>
    public void Invalidate(string token)
    {
        if (_current is { } cached && cached.Token == token)
        {
            _current = null;
        }
    }

    private async Task<(string Token, DateTimeOffset RenewAt)> RequestAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.AppId!,
                ["client_secret"] = settings.AppPassword!,
                ["scope"] = settings.TokenScope,
            }),
        };
        var sentAt = time.GetUtcNow();
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The body names the problem (AADSTS codes) and never holds the secret.
            throw new BotConnectorException((int)response.StatusCode, "TokenRequestFailed", $"the token endpoint answered {(int)response.StatusCode}: {BotConnectorException.Shorten(body)}");
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var token = root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw new BotConnectorException((int)response.StatusCode, "TokenRequestFailed", "the token endpoint answered without an access_token");
        }

        var lifetime = TimeSpan.FromSeconds(ExpiresIn(root) is > 0 and var seconds ? seconds : 3600);
        var renewAt = sentAt + (lifetime > 2 * RenewBefore ? lifetime - RenewBefore : lifetime / 2);
        return (token, renewAt);
    }

    private static int? ExpiresIn(JsonElement root) => root.TryGetProperty("expires_in", out var e) ? e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt32(out var seconds) => seconds,
        JsonValueKind.String when int.TryParse(e.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var seconds) => seconds,
        _ => null,
    } : null;
}
