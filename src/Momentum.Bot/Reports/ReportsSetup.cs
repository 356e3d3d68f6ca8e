namespace Momentum.Bot.Reports;

public static class ReportsSetup
{
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<MomentumOptions>().BindConfiguration("Momentum").ValidateOnStart();
        services.AddSingleton<ReportMemory>();
        services.AddSingleton<ReportCache>();
        services.AddSingleton<AliasStore>();
        services.AddSingleton<VendorOverrideStore>();
        services.AddSingleton<VendorLists>();
        services.AddSingleton<PersonOverrideStore>();
        services.AddSingleton<PersonAffiliations>();
        services.AddSingleton<ProjectResolver>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<OrganizationLens>();
        services.AddOptions<Discovery.DiscoveryOptions>().BindConfiguration("Discover").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Discovery.DiscoveryService>();
        return services;
    }
}
