using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>Where the vendor list in force came from, in the order they win.</summary>
public enum VendorSource
{
    /// <summary>No list anywhere: every known organisation counts as end-user.</summary>
    None,

    /// <summary>The built-in catalog's list for the project.</summary>
    Catalog,

    /// <summary>Set through the API for the project's repositories.</summary>
    Api,

    /// <summary>Set in chat by this workspace.</summary>
    Workspace,
}

/// <summary>A project's momentum as the bot answers it: the engine's report plus where and when the data came from.</summary>
public sealed record ProjectReport(
    string Project,
    IReadOnlyList<string> Repositories,
    DateTimeOffset? DataAsOf,
    int? Stars,
    IReadOnlyList<Organization> Vendors,
    VendorSource VendorSource,
    MomentumReport Report,
    IReadOnlyList<string> Notes);
