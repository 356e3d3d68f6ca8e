namespace Momentum.Bot.Commands;

public static class CommandsSetup
{
    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.AddSingleton<ProjectLookup>();
        services.AddSingleton<CommandMetrics>();
        services.AddSingleton<CardCommands>();
        services.AddSingleton<WatchlistCommands>();
        services.AddSingleton<VendorCommands>();
        services.AddSingleton<AliasCommands>();
        services.AddSingleton<BacktestCommands>();
        services.AddSingleton<OrganizationCommands>();
        services.AddSingleton<PersonCommands>();
        services.AddSingleton<DiscoverCommands>();
        services.AddSingleton<HelpCommands>();
        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<ReplyPolicy>();
        services.AddOptions<PendingAnswerOptions>().BindConfiguration("Answers").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PendingAnswers>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingAnswers>());
        return services;
    }
}
