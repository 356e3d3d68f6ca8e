namespace Momentum.Bot.Api;

public sealed class ApiOptions
{
    /// <summary>Bearer token for write endpoints. Unset: every write is refused (403).</summary>
    public string? AdminToken { get; set; }
}
