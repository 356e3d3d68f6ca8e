using System.ComponentModel.DataAnnotations;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Store;

public sealed class RedisOptions
{
    /// <summary>
    /// Prefix of every key, so several deployments (or tests) can share one Redis. No braces: the keys carry their own
    /// Redis Cluster hash tags (see <see cref="RedisKeys"/>), and a tag in the prefix would put every key in one slot.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9:_.-]{1,64}$", ErrorMessage = "Redis__KeyPrefix must be 1–64 characters of letters, digits, ':', '_', '.', '-' (no '{' or '}': keys carry their own Redis Cluster hash tags, and a tag in the prefix would put every key in one slot).")]
    public string KeyPrefix { get; set; } = "momentum:";

    /// <summary>How long a Redis connect or command may take before it fails (the store is then reported unavailable).</summary>
    [PositiveDuration]
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1.5);
}

public sealed class GarnetOptions
{
    /// <summary>Folder of the embedded Garnet server's data (append-only file and checkpoints).</summary>
    [Required]
    public string DataDir { get; set; } = ".momentum/garnet";

    /// <summary>Port of the embedded Garnet server on 127.0.0.1; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }
}
