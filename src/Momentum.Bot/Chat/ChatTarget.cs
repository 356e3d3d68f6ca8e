namespace Momentum.Bot.Chat;

/// <summary>Where a message goes: a platform's channel (or conversation) in a workspace, optionally in a thread.</summary>
public sealed record ChatTarget(Platform Platform, string Workspace, string Channel, string? Thread = null);
