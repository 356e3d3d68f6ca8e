using Momentum.Bot.Catalog;

namespace Momentum.Bot.Tests.Store;

public sealed class CatalogTests
{
    private static readonly ProjectCatalog Catalog = ProjectCatalog.LoadBuiltIn();

    [Theory]
    [InlineData("cilium", "cilium/cilium", "Isovalent")]
    [InlineData("Backstage", "backstage/backstage", "Spotify")]
    [InlineData("crossplane", "crossplane/crossplane", "Upbound")]
    [InlineData("argocd", "argoproj/argo-cd", "Akuity")]
    [InlineData("argoproj/argo-cd", "argoproj/argo-cd", "Intuit")]
    [InlineData("prometheus", "prometheus/prometheus", "Grafana Labs")]
    public void CatalogNamesAliasesAndRepositoriesResolve(string text, string repository, string vendor)
    {
        Assert.True(Catalog.TryResolve(text, out var project));
        Assert.Equal(repository, project.Repositories.Single().ToString());
        Assert.Contains(project.Vendors, v => v.Name == vendor);
    }

    [Fact]
    public void AnUnknownOwnerRepoIsUsedAsGivenWithoutVendors()
    {
        Assert.True(Catalog.TryResolve("Acme/Rocket", out var project));
        Assert.Equal("acme/rocket", project.Name);
        Assert.Empty(project.Vendors);
        Assert.False(project.InCatalog);
    }

    [Fact]
    public void UnknownNamesGetSuggestions()
    {
        Assert.False(Catalog.TryResolve("cillium", out _));
        Assert.Equal("cilium", Catalog.Suggest("cillium")[0]);
        Assert.Contains("prometheus", Catalog.Suggest("promethus"));
    }

    [Fact]
    public void VendorDomainsAreInTheDomainMap() =>
        Assert.Contains(Catalog.Organizations, o => o.Name == "Isovalent" && o.Domains.Contains("isovalent.com"));

    [Theory]
    [InlineData("acme/rocket", true)]
    [InlineData("https://github.com/acme/rocket", true)]
    [InlineData("acme", false)]
    [InlineData("-acme/rocket", false)]
    [InlineData("acme/rock et", false)]
    [InlineData("acme/..", false)]
    [InlineData("a/b/c", false)]
    public void RepositoryNamesAreValidated(string text, bool valid) => Assert.Equal(valid, RepositoryId.TryParse(text, out _));
}
