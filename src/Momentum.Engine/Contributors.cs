namespace Momentum.Engine;

/// <summary>
/// One contributor of the window (the last <see cref="MomentumCalculator.WindowWeeks"/> complete weeks): the class and
/// organisation of their latest week there, the source that said so, and their contributions in the window.
/// <see cref="Unverified"/>: an organisation known only by its email domain, and only through this one person; or one
/// that rests on the person's own profile <c>company</c> text (self-declared, unlike gitdm, an override, a GitHub
/// organisation's membership or an email address).
/// </summary>
public sealed record ContributorAffiliation(
    string Identity,
    ContributorClass Class,
    string? Organization,
    AffiliationSource Source,
    int Contributions,
    DateOnly LastWeek,
    bool Unverified);

public static class ContributorList
{
    /// <summary>The window's non-bot contributors, by class, organisation, then most active first.</summary>
    public static IReadOnlyList<ContributorAffiliation> Compute(ActivityLedger ledger, ClassificationContext context, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(context);
        var history = ClassifiedHistory.Build(ledger, context, Week.Of(asOf));
        var end = history.Current;
        var latest = new Dictionary<int, (ClassifiedEntry Entry, Week Week, int Contributions)>();
        foreach (var week in history.Range(end.Plus(-MomentumCalculator.WindowWeeks), end))
        {
            foreach (var entry in week.Entries)
            {
                var total = latest.TryGetValue(entry.Identity, out var seen) ? seen.Contributions : 0;
                latest[entry.Identity] = (entry, week.Week, total + entry.Counts.Total);
            }
        }

        var people = latest.Select(p =>
        {
            var (entry, week, contributions) = p.Value;
            var organization = entry.Organization < 0 ? null : history.OrganizationName(entry.Organization);
            return new ContributorAffiliation(history.Identities[p.Key], entry.Class, organization, history.SourceAt(p.Key, week), contributions, week.Start, false);
        }).ToList();

        var perOrganization = people.Where(p => p.Organization is not null).GroupBy(p => p.Organization!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return people
            .Select(p => p.Class is ContributorClass.EndUser or ContributorClass.Vendor
                && (p.Source == AffiliationSource.ProfileCompany
                    || Corroboration.IsOneBareDomain(p.Organization!, p.Source, perOrganization[p.Organization!]))
                ? p with { Unverified = true } : p)
            .OrderBy(p => p.Class switch { ContributorClass.Vendor => 0, ContributorClass.EndUser => 1, ContributorClass.Community => 2, ContributorClass.Individual => 3, _ => 4 })
            .ThenBy(p => p.Organization, StringComparer.OrdinalIgnoreCase)
            .ThenByDescending(p => p.Contributions)
            .ThenBy(p => p.Identity, StringComparer.Ordinal)
            .ToArray();
    }
}
