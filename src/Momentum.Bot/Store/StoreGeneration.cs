using System.Globalization;
using Momentum.Bot.Hosting;
using StackExchange.Redis;

namespace Momentum.Bot.Store;

/// <summary>
/// Notices a store that lost its data (Redis restarted without persistence, flushed, or replaced by an empty one). The
/// first host to meet an empty store writes a generation marker (a random id and the time) that never expires; every
/// host remembers the generation it met. When the marker later is missing, or is another generation, the data this
/// host knew is gone: <see cref="LostAt"/> is set (and kept for <see cref="WarningPeriod"/>), <c>/readyz</c> warns and
/// replies say that stored watchlists and subscriptions may have been lost. Checked on every reconnect and every
/// <c>/readyz</c>. A host that first starts on an already emptied store cannot tell, and does not warn.
/// </summary>
public sealed partial class StoreGeneration : IHostedService, IDisposable
{
    public static readonly TimeSpan WarningPeriod = TimeSpan.FromHours(24);

    public const string LostWarning = "The store lost its data (Redis came back empty): watchlists, subscriptions and installations stored before may be gone; set them up again.";

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreGeneration> _logger;
    private readonly object _gate = new();
    private string? _known;
    private DateTimeOffset? _lostAt;

    public StoreGeneration(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time, ILogger<StoreGeneration> logger)
    {
        (_redis, _keys, _time, _logger) = (redis, keys, time, logger);
        _redis.ConnectionRestored += OnRestored;
    }

    /// <summary>The generation this host works with (null until the first check reached the store).</summary>
    public string? Current
    {
        get
        {
            lock (_gate)
            {
                return _known;
            }
        }
    }

    /// <summary>When this host noticed that the store lost its data, while that is recent enough to mention.</summary>
    public DateTimeOffset? LostAt
    {
        get
        {
            lock (_gate)
            {
                return _lostAt is { } at && _time.GetUtcNow() - at < WarningPeriod ? at : null;
            }
        }
    }

    /// <summary>Reads (or, in an empty store, writes) the marker and compares it with the generation this host knew; true while a loss is recent.</summary>
    public async Task<bool> CheckAsync()
    {
        var db = _redis.GetDatabase();
        var fresh = $"{Guid.NewGuid():N} {_time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)}";
        await db.StringSetAsync(_keys.Generation, fresh, when: When.NotExists);
        var marker = (string?)await db.StringGetAsync(_keys.Generation) ?? fresh;
        lock (_gate)
        {
            if (_known is not null && _known != marker)
            {
                _lostAt = _time.GetUtcNow();
                Lost(_logger, _known, marker);
            }

            _known = marker;
        }

        return LostAt is not null;
    }

    /// <summary>The <c>/readyz</c> warning.</summary>
    public ReadinessProbe Probe => new("store", async _ => await CheckAsync() ? LostWarning : null);

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        _ = CheckQuietlyAsync();
    }

    private async Task CheckQuietlyAsync()
    {
        try
        {
            await CheckAsync();
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex) || ex is RedisException)
        {
            // Not back after all: the next reconnect or /readyz checks again.
        }
    }

    /// <summary>Learns the generation at start, without holding start-up up when the store is down.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = CheckQuietlyAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _redis.ConnectionRestored -= OnRestored;

    [LoggerMessage(1, LogLevel.Error, "The store lost its data: generation {Known} is gone, the store now holds {Marker}")]
    private static partial void Lost(ILogger logger, string known, string marker);
}
