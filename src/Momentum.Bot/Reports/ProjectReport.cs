using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>A project's momentum as the bot answers it: the engine's report plus where and when the data came from.</summary>
public sealed record ProjectReport(
    string Project,
    IReadOnlyList<string> Repositories,
    DateTimeOffset? DataAsOf,
    int? Stars,
    IReadOnlyList<VendorEntry> Vendors,
    string VendorSource,
    MomentumReport Report,
    IReadOnlyList<string> Notes)
{
    /// <summary>Identifies everything this report was computed from; null when it carries one-off notes.</summary>
    public string? CacheKey { get; init; }
}

public sealed record VendorEntry(string Name, IReadOnlyList<string> Domains)
{
    public Organization ToOrganization() => new(Name, Domains);

    public static VendorEntry From(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return new(organization.Name, organization.Domains);
    }
}

/// <summary>What a caller may vary about a report.</summary>
public sealed record ReportRequest
{
    public bool Refresh { get; init; }

    public Sensitivity Sensitivity { get; init; } = Sensitivity.Normal;

    public IReadOnlyList<string> ExcludedOrganizations { get; init; } = [];

    /// <summary>Vendors to use instead of the API override or the catalog (a workspace's own list).</summary>
    public IReadOnlyList<VendorEntry>? Vendors { get; init; }

    public string? VendorSource { get; init; }

    /// <summary>Identity → organisation overrides (a workspace's classification fixes).</summary>
    public IReadOnlyDictionary<string, string>? Overrides { get; init; }

    /// <summary>Interactive requests may spend the rate-limit reserve; scheduled ones do not.</summary>
    public bool Background { get; init; }
}
