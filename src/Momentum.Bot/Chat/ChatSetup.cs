namespace Momentum.Bot.Chat;

public static class ChatSetup
{
    /// <summary>What every chat platform shares: its API metrics. Each platform registers its own <see cref="IChatPoster"/>.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddSingleton<ChatMetrics>();
        return services;
    }
}
