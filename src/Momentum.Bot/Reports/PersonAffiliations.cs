using Momentum.Bot.Affiliations;
using Momentum.Bot.Catalog;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

/// <summary>What one source says about an identity: the organisation (null: unknown) and the dates it holds.</summary>
public sealed record SourceBelief(string Source, string? Organization, DateOnly? From, DateOnly? Until);

/// <summary>
/// What Momentum believes about one identity outside any project: the workspace's override, the gitdm files, the
/// GitHub profile's company, an email address's own domain — in the order the engine tries them. The commit email
/// domains a login used depend on the project (see <c>who</c>).
/// </summary>
public sealed record PersonBelief(string Identity, PersonOverride? Override, IReadOnlyList<SourceBelief> Sources)
{
    /// <summary>The first source that knows, today.</summary>
    public SourceBelief? InForce(DateOnly today) => Sources.FirstOrDefault(s =>
        s.Organization is not null && (s.From is not { } from || today >= from) && (s.Until is not { } until || today < until));
}

public sealed class PersonAffiliations(PersonOverrideStore overrides, AffiliationData affiliations, ProfileStore profiles, ProjectCatalog catalog)
{
    public async Task<PersonBelief> BeliefAsync(string workspace, string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var isEmail = identity.Contains('@', StringComparison.Ordinal);
        var person = await overrides.GetAsync(workspace, identity);
        var resolver = catalog.Resolver([]);
        var sources = new List<SourceBelief>();
        foreach (var line in person?.Lines ?? [])
        {
            sources.Add(new SourceBelief("override", line.Organization, line.From, line.Until));
        }

        foreach (var line in affiliations.Current.LinesOf(identity) ?? [])
        {
            sources.Add(new SourceBelief("gitdm", line.Organization is null ? null : resolver.OrganizationOfCompany(line.Organization), line.From, line.Until));
        }

        if (isEmail)
        {
            var domain = identity[(identity.LastIndexOf('@') + 1)..];
            if (resolver.OrganizationOfDomain(domain) is { } organization)
            {
                sources.Add(new SourceBelief("domain", organization, null, null));
            }
        }
        else if ((await profiles.GetManyAsync([identity])).TryGetValue(identity, out var profile))
        {
            // Outside a project: only catalog organisations' githubOrgs (a project's own organisation is community there).
            if (profile.Organizations.Count > 0 && ProfileAffiliations.OfMemberships(profile.Organizations, new ClassificationContext(resolver, new VendorSet([]))) is { } member)
            {
                sources.Add(new SourceBelief("GitHub org", member, null, null));
            }

            if (resolver.OrganizationOfCompany(profile.Company) is { } company)
            {
                sources.Add(new SourceBelief("profile", company, null, null));
            }

            if (ProfileAffiliations.OfPublicEmail(identity, profile, resolver) is { } byEmail)
            {
                sources.Add(new SourceBelief("profile email", byEmail, null, null));
            }
        }

        return new PersonBelief(identity, person, sources);
    }
}
