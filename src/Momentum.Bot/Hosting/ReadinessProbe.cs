namespace Momentum.Bot.Hosting;

/// <summary>
/// Something <c>/readyz</c> reports besides the store's ping: null when all is well, else a short warning. A warning
/// leaves the host ready (200): it can still serve, and taking every replica out of service would not bring data back.
/// </summary>
public sealed record ReadinessProbe(string Name, Func<CancellationToken, Task<string?>> WarningAsync);
