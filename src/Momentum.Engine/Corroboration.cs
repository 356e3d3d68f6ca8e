namespace Momentum.Engine;

/// <summary>
/// When an organisation is shown "unverified": nothing but self-declaration or one person's address stands behind it.
/// Either every person there rests only on their own profile <c>company</c> text, or it is one person's bare mail
/// domain (an address's domain the domain map does not name, from a commit or the profile's public email) with no
/// second person, gitdm line, override or GitHub organisation membership beside it: a domain only one person uses is
/// often that person's own site, not an employer. Such organisations still count as organisations (a company often
/// shows up with one engineer, and that is the signal the product exists for); the mark lets a reader weigh them.
/// </summary>
public static class Corroboration
{
    /// <summary>An organisation of <paramref name="sources"/>.Count people, each counted there by the source given.</summary>
    public static bool IsUnverified(string organization, IReadOnlyList<AffiliationSource> sources)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(sources);
        return sources.Count > 0
            && (sources.All(s => s == AffiliationSource.ProfileCompany) || (sources.Count == 1 && IsOneBareDomain(organization, sources[0], 1)));
    }

    /// <summary>A person counted at a bare mail domain that only <paramref name="people"/> = 1 person uses.</summary>
    public static bool IsOneBareDomain(string organization, AffiliationSource source, int people)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return people == 1 && source is AffiliationSource.EmailDomain or AffiliationSource.ProfileEmail && organization.Contains('.', StringComparison.Ordinal);
    }
}
