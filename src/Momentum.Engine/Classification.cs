namespace Momentum.Engine;

public enum ContributorClass
{
    Unknown,
    Vendor,
    EndUser,
}

/// <summary>What a GitHub profile says about a login: its <c>company</c> text and whether the account is a Bot.</summary>
public sealed record ProfileFacts(string? Company, bool IsBot);

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
        BotRules? bots = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(vendors);
        Resolver = resolver;
        Vendors = vendors;
        Overrides = overrides ?? new Dictionary<string, string>();
        Profiles = profiles ?? new Dictionary<string, ProfileFacts>();
        Bots = bots ?? BotRules.Default;
    }

    public AffiliationResolver Resolver { get; }

    public VendorSet Vendors { get; }

    /// <summary>Identity (login or email, lower-case) → organisation, set in chat or configuration. Wins over everything.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; }

    /// <summary>Login (lower-case) → profile facts.</summary>
    public IReadOnlyDictionary<string, ProfileFacts> Profiles { get; }

    public BotRules Bots { get; }

    public ContributorClass ClassOf(string? organization) =>
        organization is null ? ContributorClass.Unknown
        : Vendors.Contains(organization) ? ContributorClass.Vendor
        : ContributorClass.EndUser;
}
