using Microsoft.Extensions.Options;

namespace Momentum.Bot.Catalog;

public sealed class CatalogOptions
{
    /// <summary><c>Momentum__CatalogPath</c>: a catalog file that replaces the built-in one.</summary>
    [Momentum.Bot.Hosting.ExistingFile]
    public string? CatalogPath { get; set; }
}

public static class CatalogSetup
{
    /// <summary>
    /// The project catalog: the built-in one (or <c>Momentum__CatalogPath</c>'s), plus any <see cref="CatalogDocument"/>
    /// another feature registers (demo mode adds its made-up projects that way).
    /// </summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>().BindConfiguration("Momentum");
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<CatalogOptions>>().Value.CatalogPath;
            var catalog = path is { Length: > 0 } ? ProjectCatalog.Load(path) : ProjectCatalog.LoadBuiltIn();
            foreach (var extra in sp.GetServices<CatalogDocument>())
            {
                catalog = catalog.With(extra);
            }

            return catalog;
        });
        return services;
    }
}
