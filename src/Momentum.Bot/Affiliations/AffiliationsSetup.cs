namespace Momentum.Bot.Affiliations;

public static class AffiliationsSetup
{
    public static IServiceCollection AddAffiliations(this IServiceCollection services)
    {
        services.AddOptions<AffiliationsOptions>().BindConfiguration("Affiliations").ValidateDataAnnotations()
            .Validate(o => o.Urls.TrueForAll(u => u.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)), "Affiliations__Urls__N must each be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddHttpClient(AffiliationRefresher.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
        services.AddSingleton<AffiliationFileStore>();
        services.AddSingleton<AffiliationData>();
        services.AddSingleton<AffiliationRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<AffiliationRefresher>());
        return services;
    }
}
