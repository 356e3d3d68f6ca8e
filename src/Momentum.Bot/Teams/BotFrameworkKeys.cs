using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Momentum.Bot.Teams;

/// <summary>The Bot Connector's signing keys as of one fetch, with each key's endorsed channels.</summary>
public sealed record SigningKeySet(OpenIdConnectConfiguration Configuration, IReadOnlyDictionary<string, string[]> Endorsements, DateTimeOffset FetchedAt);

/// <summary>
/// The OpenID metadata (<c>Teams__OpenIdMetadataUrl</c>) and the JWKS it points to, parsed by IdentityModel's
/// retriever and cached on the injected clock: refetched every 12 hours (the spec asks for at least daily), and
/// on a key id the cache does not know, at most once every five minutes. A failed refresh keeps the keys it has.
/// </summary>
/// <remarks>
/// Not IdentityModel's <c>ConfigurationManager</c>: in 8.x its <c>RequestRefresh</c> refetches in the background
/// (the request that brought a new key fails) unless a process-wide AppContext switch is set before the library's
/// first use, and its refresh schedule runs on the system clock rather than <see cref="TimeProvider"/>.
/// </remarks>
public sealed partial class BotFrameworkKeys : IDisposable
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromHours(12);
    public static readonly TimeSpan UnknownKeyRefetch = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryFailedRefresh = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http;
    private readonly HttpDocumentRetriever _retriever;
    private readonly string _address;
    private readonly TimeProvider _time;
    private readonly ILogger<BotFrameworkKeys> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SigningKeySet? _current;
    private DateTimeOffset _lastFetch = DateTimeOffset.MinValue;

    public BotFrameworkKeys(IOptions<TeamsOptions> options, TimeProvider time, ILogger<BotFrameworkKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var metadata = options.Value.OpenIdMetadataUrl;
        _address = metadata.AbsoluteUri;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) }) { Timeout = TimeSpan.FromSeconds(20) };
        _retriever = new HttpDocumentRetriever(_http) { RequireHttps = !(metadata.Scheme == Uri.UriSchemeHttp && metadata.IsLoopback) };
    }

    /// <summary>The cached keys, fetched first when there are none or they are 12 hours old.</summary>
    public async Task<SigningKeySet> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && _time.GetUtcNow() - current.FetchedAt < RefreshEvery)
        {
            return current;
        }

        return await FetchAsync(unknownKey: false, cancellationToken)
            ?? throw new InvalidOperationException($"No Bot Connector signing keys could be fetched from {_address}.");
    }

    /// <summary>A token named a key the cache does not know: fetch again, unless that was done in the last five minutes (null then).</summary>
    public Task<SigningKeySet?> RefetchAsync(CancellationToken cancellationToken) => FetchAsync(unknownKey: true, cancellationToken);

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private async Task<SigningKeySet?> FetchAsync(bool unknownKey, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (unknownKey ? now - _lastFetch < UnknownKeyRefetch : _current is { } fresh && (now - fresh.FetchedAt < RefreshEvery || now - _lastFetch < RetryFailedRefresh))
            {
                return unknownKey ? null : _current;
            }

            _lastFetch = now;
            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_address, _retriever, cancellationToken);
                _current = new SigningKeySet(configuration, Endorsements(configuration), now);
                Fetched(_logger, configuration.SigningKeys.Count, unknownKey);
            }
#pragma warning disable CA1031 // Any failure to fetch keeps the keys we have (stale keys beat none); it is logged.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                FetchFailed(_logger, _address, ex);
            }

            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Key id → the channels the Bot Connector endorses the key for (the JWKS' <c>endorsements</c>).</summary>
    private static Dictionary<string, string[]> Endorsements(OpenIdConnectConfiguration configuration)
    {
        var byKey = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var key in configuration.JsonWebKeySet?.Keys ?? [])
        {
            if (key.Kid is { Length: > 0 } kid && key.AdditionalData.TryGetValue("endorsements", out var value))
            {
                byKey[kid] = Strings(value).ToArray();
            }
        }

        return byKey;
    }

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().SelectMany(e => Strings(e)),
        JsonElement { ValueKind: JsonValueKind.String } text => [text.GetString()!],
        string single => [single],
        IEnumerable items => items.Cast<object?>().SelectMany(Strings),
        _ => [],
    };

    [LoggerMessage(1, LogLevel.Information, "Fetched {Count} Bot Connector signing keys (unknown key id: {UnknownKey})")]
    private static partial void Fetched(ILogger logger, int count, bool unknownKey);

    [LoggerMessage(2, LogLevel.Warning, "Could not fetch the Bot Connector signing keys from {Address}; keeping the ones cached")]
    private static partial void FetchFailed(ILogger logger, string address, Exception exception);
}
