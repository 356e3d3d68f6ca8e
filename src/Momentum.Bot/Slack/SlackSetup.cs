using Microsoft.Extensions.Options;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;

namespace Momentum.Bot.Slack;

public static class SlackSetup
{
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().BindConfiguration("Slack").ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.AddHttpClient(SlackApiClient.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackInstallationStore>();
        services.AddSingleton<SlackTokens>();
        services.AddSingleton<SlackCharts>();
        services.AddSingleton<SlackInbound>();
        services.AddSingleton<IDeferredAnswers>(sp => sp.GetRequiredService<SlackInbound>());
        services.AddSingleton<IChatPoster, SlackChatPoster>();
        services.AddSingleton(sp => new SlackSignatureVerifier(
            sp.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret ?? "",
            sp.GetRequiredService<TimeProvider>()));
        var settings = configuration.GetSection("Slack").Get<SlackOptions>() ?? new SlackOptions();
        if (settings.SocketModeEnabled)
        {
            services.AddHostedService<SlackSocketMode>();
        }

        return services;
    }
}
