namespace Momentum.Engine.Tests;

public sealed class AffiliationTests
{
    private static readonly AffiliationResolver Resolver = new(
    [
        new Organization("Isovalent", ["isovalent.com"], ["Cisco Isovalent"]),
        new Organization("IBM", ["ibm.com"]),
        new Organization("Grafana Labs", ["grafana.com"]),
    ]);

    [Theory]
    [InlineData("gmail.com")]
    [InlineData("users.noreply.github.com")]
    [InlineData("12345+ana.users.noreply.github.com")]
    [InlineData("qq.com")]
    [InlineData("bobs-macbook.local")]
    [InlineData("localhost")]
    [InlineData(null)]
    public void GenericAndLocalDomainsCarryNoAffiliation(string? domain) => Assert.Null(Resolver.OrganizationOfDomain(domain));

    [Fact]
    public void MappedDomainsAndTheirSubdomainsNameTheOrganization()
    {
        Assert.Equal("Isovalent", Resolver.OrganizationOfDomain("isovalent.com"));
        Assert.Equal("IBM", Resolver.OrganizationOfDomain("ca.ibm.com"));
    }

    [Fact]
    public void AnyOtherCorporateDomainIsItsOwnOrganization() => Assert.Equal("acme.io", Resolver.OrganizationOfDomain("ACME.io"));

    [Theory]
    [InlineData("@isovalent", "Isovalent")]
    [InlineData("Isovalent, Inc.", "Isovalent")]
    [InlineData("Cisco Isovalent", "Isovalent")]
    [InlineData("grafana labs", "Grafana Labs")]
    [InlineData("@grafana", "Grafana Labs")]
    [InlineData("Acme Corp", "Acme")]
    [InlineData("Globex GmbH", "Globex")]
    [InlineData("Initech LLC (ex-Hooli)", "Initech")]
    public void ProfileCompaniesAreNormalised(string company, string expected) => Assert.Equal(expected, Resolver.OrganizationOfCompany(company));

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("n/a")]
    [InlineData("none")]
    [InlineData("-")]
    [InlineData("@")]
    public void CompaniesThatNameNoOrganisationAreUnknown(string company) => Assert.Null(Resolver.OrganizationOfCompany(company));

    [Theory]
    [InlineData("Freelance")]
    [InlineData("Self-employed")]
    [InlineData("Independent")]
    [InlineData("@independent")]
    [InlineData("freelancer")]
    public void CompaniesThatSayNobodysEmployeeNameTheIndividualNotAnOrganisation(string company)
    {
        Assert.Equal(OrganizationNames.Independent, Resolver.OrganizationOfCompany(company));
        Assert.Null(OrganizationNames.NormalizeCompany(company));
    }

    [Theory]
    [InlineData("pobox.com")]
    [InlineData("yahoo.de")]
    [InlineData("saunalahti.fi")]
    [InlineData("hotmail.it")]
    [InlineData("list.ru")]
    [InlineData("protonmail.ch")]
    public void MailProvidersTheOldListMissedCarryNoAffiliation(string domain) => Assert.Null(Resolver.OrganizationOfDomain(domain));

    [Fact]
    public void ADomainTheMapNamesIsAnOrganisationEvenWhenAFreeMailListHasIt()
    {
        var resolver = new AffiliationResolver([new Organization("Alibaba", ["alibaba.com"])], new HashSet<string>(["alibaba.com", "freemail.net"], StringComparer.OrdinalIgnoreCase));

        Assert.Equal("Alibaba", resolver.OrganizationOfDomain("alibaba.com"));
        Assert.Null(resolver.OrganizationOfDomain("freemail.net"));
    }
}
