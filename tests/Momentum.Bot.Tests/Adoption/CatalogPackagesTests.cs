using Momentum.Bot.Catalog;

namespace Momentum.Bot.Tests.Adoption;

/// <summary>The catalog's <c>packages</c>: what adoption is read for, checked when the catalog loads.</summary>
public sealed class CatalogPackagesTests
{
    private static ProjectCatalog With(string system, string name) => new(new CatalogDocument([],
        [new CatalogProject("p", null, ["acme/p"], []) { Packages = [new CatalogPackage(system, name)] }]));

    [Fact]
    public void TheBuiltInCatalogNamesPackagesAndImagesForWellKnownProjects()
    {
        var catalog = ProjectCatalog.LoadBuiltIn();

        Assert.True(catalog.TryResolve("cilium", out var cilium));
        Assert.Contains(new PackageId("docker", "cilium/cilium"), cilium!.Packages);
        Assert.True(catalog.TryResolve("backstage", out var backstage));
        Assert.Contains(new PackageId("npm", "@backstage/core-plugin-api"), backstage!.Packages);
        Assert.Contains(new PackageId("docker", "cilium/cilium"), catalog.ForRepository(RepositoryId.Parse("cilium/cilium")).Packages);
    }

    [Theory]
    [InlineData("rubygems", "rails", "is not one of npm, cargo, go, pypi, maven, docker")]
    [InlineData("npm", "", "must be 1–214 characters")]
    [InlineData("npm", "two words", "without spaces")]
    [InlineData("docker", "nginx", "must be namespace/name (official images: library/nginx)")]
    public void ABadPackageStopsTheCatalogWithAReason(string system, string name, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => With(system, name));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemsAreReadInAnyCase()
    {
        Assert.Equal(new PackageId("cargo", "serde"), Assert.Single(With(" Cargo ", "serde").Projects).Packages.Single());
    }
}
