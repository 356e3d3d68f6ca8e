using Microsoft.Extensions.Options;

namespace Momentum.Bot.Charts;

public static class ChartsSetup
{
    public static IServiceCollection AddCharts(this IServiceCollection services)
    {
        services.AddOptions<PublicAddressOptions>().BindConfiguration("Momentum");
        services.AddOptions<ChartsOptions>().BindConfiguration("Charts").ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChartsOptions>, ChartsOptionsValidator>();
        services.AddSingleton<ChartLinks>();
        services.AddSingleton<ChartPublisher>();
        return services;
    }
}
