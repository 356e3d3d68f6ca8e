namespace Momentum.Engine;

/// <summary>
/// The two sources a GitHub profile gives besides its <c>company</c> text: public membership of a GitHub organisation
/// (source 4, before the company text: an organisation admitted the member, and the member chose to show it) and the
/// profile's public email domain (source 6, after it: a verified address, but often an old one the profile still shows).
/// Both are undated: they say what the profile says now, so they apply to every week no earlier source covers.
/// </summary>
public static class ProfileAffiliations
{
    /// <summary>
    /// The organisation a login's public memberships name: a catalog organisation whose <c>githubOrgs</c> lists one of
    /// them, else the project's own GitHub organisation (community). Several: a vendor of the project first, then any
    /// other company, then a foundation or school, then the project itself (a vendor's engineer is often also a member
    /// of the project's organisation); ties by name. Memberships of organisations nothing names say nothing.
    /// </summary>
    public static string? OfMemberships(IReadOnlyList<string> memberships, ClassificationContext context)
    {
        ArgumentNullException.ThrowIfNull(memberships);
        ArgumentNullException.ThrowIfNull(context);
        string? best = null;
        var bestRank = int.MaxValue;
        foreach (var login in memberships)
        {
            if (string.IsNullOrWhiteSpace(login))
            {
                continue;
            }

            var organization = context.Resolver.OrganizationOfGitHubOrganization(login)
                ?? (context.Community.Contains(login) ? login.Trim() : null);
            if (organization is null)
            {
                continue;
            }

            var rank = context.ClassOf(organization) switch
            {
                ContributorClass.Vendor => 0,
                ContributorClass.EndUser => 1,
                ContributorClass.Community when !context.Community.Contains(organization) => 2,
                _ => 3,
            };
            if (rank < bestRank || (rank == bestRank && string.Compare(organization, best, StringComparison.OrdinalIgnoreCase) < 0))
            {
                (best, bestRank) = (organization, rank);
            }
        }

        return best;
    }

    /// <summary>
    /// The organisation of a profile's public email, by the rules commit emails follow: free mail and noreply say
    /// nothing, the domain map names its organisation, a domain that spells its owner (login or a name token) is an
    /// individual's, any other domain stands for itself.
    /// </summary>
    public static string? OfPublicEmail(string login, ProfileFacts profile, AffiliationResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(resolver);
        var email = profile.Email?.Trim().ToLowerInvariant();
        var at = email?.LastIndexOf('@') ?? -1;
        if (email is null || at <= 0 || at == email.Length - 1)
        {
            return null;
        }

        var domain = email[(at + 1)..];
        var organization = resolver.OrganizationOfDomain(domain);
        if (organization is null || resolver.IsMappedDomain(domain))
        {
            return organization;
        }

        return PersonalDomains.Spells(organization, login, profile.Name) || PersonalDomains.Spells(organization, email, profile.Name)
            ? OrganizationNames.Independent
            : organization;
    }
}
