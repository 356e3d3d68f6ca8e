using System.Runtime.CompilerServices;
using Momentum.Bot.Chat;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Charts;

/// <summary>
/// Makes a reply's charts fetchable by chat clients: with a public address, each PNG goes to Redis (any replica serves
/// it) and the reply comes back with signed URLs; without one, the reply is returned as it is (its text stands alone,
/// or a platform uploads the PNG itself). Publishing the same reply object twice costs nothing the second time.
/// </summary>
public sealed partial class ChartPublisher(ChartLinks links, IConnectionMultiplexer redis, RedisKeys keys, ILogger<ChartPublisher> logger)
{
    private readonly ConditionalWeakTable<Reply, Reply> _published = [];

    public bool Enabled => links.Enabled;

    public async Task<Reply> PublishAsync(Reply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!links.Enabled || reply.Charts.Count == 0 || reply.Charts.All(c => c.Url is not null))
        {
            return reply;
        }

        if (_published.TryGetValue(reply, out var known))
        {
            return known;
        }

        try
        {
            var db = redis.GetDatabase();
            // The PNG outlives its longest URL (rounded up to the hour).
            var keep = links.Lifetime + TimeSpan.FromHours(1);
            await Task.WhenAll(reply.Charts.Where(c => c.Url is null).Select(c => db.StringSetAsync(keys.Chart(c.Id), c.Png, keep))).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex))
        {
            NotStored(logger, ex.GetType().Name);
            return reply;
        }

        var published = reply with { Charts = reply.Charts.Select(c => c.Url is null ? c with { Url = links.For(c.Id) } : c).ToArray() };
        return _published.GetValue(reply, _ => published);
    }

    /// <summary>The PNG of a chart id, if still kept.</summary>
    public async Task<byte[]?> ReadAsync(string id) => await redis.GetDatabase().StringGetAsync(keys.Chart(id));

    [LoggerMessage(1, LogLevel.Warning, "Charts could not be stored ({Error}): the reply goes out without its pictures")]
    private static partial void NotStored(ILogger logger, string error);
}
