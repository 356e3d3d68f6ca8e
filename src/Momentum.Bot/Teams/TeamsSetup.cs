using Microsoft.Extensions.Options;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;

namespace Momentum.Bot.Teams;

public static class TeamsSetup
{
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsOptions>().BindConfiguration("Teams").ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddSingleton<TeamsConversationStore>();
        if (!(configuration.GetSection("Teams").Get<TeamsOptions>() ?? new TeamsOptions()).Enabled)
        {
            return services;
        }

        services.AddHttpClient(BotConnectorTokens.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(BotConnectorClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<BotFrameworkKeys>();
        services.AddSingleton<TeamsTokenValidator>();
        services.AddSingleton<BotConnectorTokens>();
        services.AddSingleton<TrustedServiceUrls>();
        services.AddSingleton<BotConnectorClient>();
        services.AddSingleton<TeamsInbound>();
        services.AddSingleton<IDeferredAnswers>(sp => sp.GetRequiredService<TeamsInbound>());
        services.AddSingleton<IChatPoster, TeamsChatPoster>();
        return services;
    }
}
