namespace Momentum.Engine;

/// <summary>
/// A contributor's class for a project. Vendor: an organisation on the project's vendor list. EndUser: any other
/// known company. Community: the project's own domains and GitHub organisations, foundations and academia.
/// Individual: known to be nobody's employee (Independent, self-employed, a personal domain). Unknown: no source knows.
/// </summary>
public enum ContributorClass
{
    Unknown,
    Vendor,
    EndUser,
    Community,
    Individual,
}

/// <summary>What a GitHub profile says about a login: its <c>company</c> text, whether the account is a Bot, and its display name.</summary>
public sealed record ProfileFacts(string? Company, bool IsBot, string? Name = null)
{
    /// <summary>The GitHub organisations the login is a public member of (<c>/users/{login}/orgs</c>); empty when none or not looked up.</summary>
    public IReadOnlyList<string> Organizations { get; init; } = [];

    /// <summary>The profile's public email address (GitHub only lets a verified address be public), when it shows one.</summary>
    public string? Email { get; init; }
}

/// <summary>A project's own identity: its mail domains (catalog <c>projectDomains</c>) and GitHub organisations (its repositories' owners and catalog <c>githubOrgs</c>).</summary>
public sealed class ProjectCommunity
{
    public static ProjectCommunity None { get; } = new([], []);

    private readonly string[] _domains;
    private readonly HashSet<string> _organizationKeys = new(StringComparer.Ordinal);

    public ProjectCommunity(IEnumerable<string> domains, IEnumerable<string> gitHubOrganizations)
    {
        ArgumentNullException.ThrowIfNull(domains);
        ArgumentNullException.ThrowIfNull(gitHubOrganizations);
        _domains = domains.Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var login in gitHubOrganizations)
        {
            var key = OrganizationNames.Key(login);
            if (key.Length > 0)
            {
                _organizationKeys.Add(key);
            }
        }
    }

    public IReadOnlyList<string> Domains => _domains;

    /// <summary>
    /// Whether an organisation is the project itself: one of its domains or their subdomains, or a name equal to one of
    /// its GitHub organisations ("@cilium" in a profile).
    /// </summary>
    public bool Contains(string organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        var text = organization.Trim().ToLowerInvariant();
        foreach (var domain in _domains)
        {
            if (text == domain || text.EndsWith("." + domain, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // Only a name equal to the organisation: a repository owner's look-alike domain (acme.io for acme/rocket) may
        // be a company's, so the project's own domains come from the catalog's projectDomains.
        return !text.Contains('.', StringComparison.Ordinal) && _organizationKeys.Contains(OrganizationNames.Key(text));
    }
}

/// <summary>A project's vendor organisations (its vendor, or for multi-vendor projects, its maintainer companies).</summary>
public sealed class VendorSet
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly List<string> _domains = [];

    public VendorSet(IEnumerable<Organization> organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        Organizations = organizations.ToArray();
        foreach (var organization in Organizations)
        {
            _keys.Add(organization.Key);
            foreach (var alias in organization.Aliases ?? [])
            {
                _keys.Add(OrganizationNames.Key(alias));
            }

            foreach (var domain in organization.Domains)
            {
                _domains.Add(domain.Trim().ToLowerInvariant());
            }
        }
    }

    public IReadOnlyList<Organization> Organizations { get; }

    public bool Contains(string organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (_keys.Contains(OrganizationNames.Key(organization)))
        {
            return true;
        }

        // Organisations known only by their domain ("acme.io") are vendors when the domain is a vendor domain.
        foreach (var domain in _domains)
        {
            if (organization.Equals(domain, StringComparison.OrdinalIgnoreCase)
                || organization.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Everything classification needs besides the activity itself. Built per report; cheap.</summary>
public sealed class ClassificationContext
{
    public ClassificationContext(
        AffiliationResolver resolver,
        VendorSet vendors,
        IReadOnlyDictionary<string, string>? overrides = null,
        IReadOnlyDictionary<string, ProfileFacts>? profiles = null,
        BotRules? bots = null,
        ProjectCommunity? community = null,
        DatedAffiliations? dated = null,
        DatedAffiliations? people = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(vendors);
        Resolver = resolver;
        Vendors = vendors;
        Overrides = overrides ?? new Dictionary<string, string>();
        Profiles = profiles ?? new Dictionary<string, ProfileFacts>();
        Bots = bots ?? BotRules.Default;
        Community = community ?? ProjectCommunity.None;
        Dated = dated ?? DatedAffiliations.Empty;
        People = people ?? DatedAffiliations.Empty;
    }

    /// <summary>Dated person overrides set in chat for this workspace (<c>person … org …</c>): source 1, before gitdm.</summary>
    public DatedAffiliations People { get; }

    /// <summary>Dated affiliations from gitdm-format files: second only to overrides, before any email domain.</summary>
    public DatedAffiliations Dated { get; }

    public ProjectCommunity Community { get; }

    public AffiliationResolver Resolver { get; }

    public VendorSet Vendors { get; }

    /// <summary>Identity (login or email, lower-case) → organisation, set in chat or configuration. Wins over everything.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; }

    /// <summary>Login (lower-case) → profile facts.</summary>
    public IReadOnlyDictionary<string, ProfileFacts> Profiles { get; }

    public BotRules Bots { get; }

    /// <summary>The class of an organisation: vendor first (a vendor's people are vendor staff even on its foundation's mail), then community, then end-user.</summary>
    public ContributorClass ClassOf(string? organization) =>
        organization is null ? ContributorClass.Unknown
        : organization == OrganizationNames.Independent ? ContributorClass.Individual
        : Vendors.Contains(organization) ? ContributorClass.Vendor
        : Community.Contains(organization) || Resolver.KindOf(organization) is OrganizationKind.Foundation or OrganizationKind.Academia ? ContributorClass.Community
        : ContributorClass.EndUser;
}
