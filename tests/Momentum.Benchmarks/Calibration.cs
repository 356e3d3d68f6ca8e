using System.Globalization;
using Momentum.Bot.Catalog;
using Momentum.Engine;

namespace Momentum.Benchmarks;

/// <summary>
/// Runs the engine over the real, anonymised CNCF commit histories in <c>../shared/data</c>: end-user and unknown
/// shares per project, and how many end-user spikes the detector finds per year at each sensitivity.
/// </summary>
public static class Calibration
{
    private static readonly Dictionary<string, string> CatalogNames = new(StringComparer.Ordinal)
    {
        ["argo-cd"] = "argo",
        ["crossplane"] = "crossplane",
        ["flux2"] = "flux",
        ["opentelemetry-collector"] = "opentelemetry-collector",
        ["prometheus"] = "prometheus",
    };

    public static void Run(string dataDir)
    {
        var (catalog, known) = Known(dataDir);

        Console.WriteLine("| project | weeks | contributors | end-user share (mean weekly) | unknown share (mean weekly) | known share (mean weekly) | vendor · community · individual (mean weekly) | end-user share, last 4 wk | unknown share, last 4 wk | spikes/yr low | normal | high | end-user orgs named | of which not organisations |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var examples = new List<string>();
        var stages = new List<string>();
        var notOrganizations = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(dataDir, "commits"), "*.csv").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var (ledger, last) = Load(file);
            var asOf = Week.Of(last).Next.StartInstant.AddDays(2);
            var (context, resolver, community) = Context(catalog, known, name);
            var reports = new[] { Sensitivity.Low, Sensitivity.Normal, Sensitivity.High }
                .Select(s => MomentumCalculator.Compute(ledger, context, asOf, new ReportOptions { Sensitivity = s }))
                .ToArray();
            var normal = reports[1];
            var active = normal.Weeks.Where(w => !w.Partial && w.Contributors > 0).ToArray();
            var endUserShare = active.Average(w => (double)w.EndUserContributors / w.Contributors);
            var unknownShare = active.Average(w => (double)w.UnknownContributors / w.Contributors);
            var vendorShare = active.Average(w => (double)w.VendorContributors / w.Contributors);
            var communityShare = active.Average(w => (double)w.CommunityContributors / w.Contributors);
            var individualShare = active.Average(w => (double)w.IndividualContributors / w.Contributors);

            // Every end-user organisation a card or an alert could name over the whole history, checked against what is not an organisation.
            var named = EndUserOrganizationsNamed(ledger, context, asOf);
            var offending = named.Where(o => !known.Exists(k => k.Name == o) && NotAnOrganization(o, resolver, community)).ToArray();
            notOrganizations.AddRange(offending.Select(o => $"{name}: {o}"));
            var years = (normal.Weeks.Count(w => !w.Partial) - SpikeRules.MinimumHistoryWeeks) / 52.0;
            var contributors = ledger.Actors.Select(a => a.Identity).Distinct(StringComparer.Ordinal).Count(i => !ledger.Actors.First(a => a.Identity == i).IsBotAccount);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {normal.Weeks.Count} | {contributors} | {endUserShare:P0} | {unknownShare:P0} | {1 - unknownShare:P0} | {vendorShare:P0} · {communityShare:P0} · {individualShare:P0} | {Share(normal.Window.EndUserShare)} | {Share(normal.Window.UnknownShare)} | {reports[0].Spikes.Count / years:0.0} | {reports[1].Spikes.Count / years:0.0} | {reports[2].Spikes.Count / years:0.0} | {named.Count} | {offending.Length} |"));
            stages.Add($"- {name}: {normal.Stage?.Evidence} (sustained teams: {string.Join(", ", normal.Stage?.Facts.SustainedTeams ?? [])}; vendors among them: {string.Join(", ", normal.Stage?.Facts.SustainedVendorNames ?? [])})");
            foreach (var spike in normal.Spikes.OrderBy(s => s.ContributorMeasure.TailProbability).Take(2))
            {
                examples.Add(string.Create(CultureInfo.InvariantCulture,
                    $"- {name} {spike.WeekStart:yyyy-MM-dd}: {spike.EndUserContributors} end-user contributors vs a baseline of {spike.ContributorMeasure.Baseline:0.#} a week (p = {spike.ContributorMeasure.TailProbability:0.####}), {spike.EndUserOrganizations} organisations: {string.Join(", ", spike.Organizations.Take(5).Select(o => o.Name))}"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("Strongest spikes at normal sensitivity:");
        examples.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine($"Stage (last {StageRule.LookbackWeeks} complete weeks of each history):");
        stages.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine($"End-user organisations named that are not organisations (project domains, foundations, schools, free mail, personal hosting): {notOrganizations.Count}");
        notOrganizations.ForEach(o => Console.WriteLine($"- {o}"));
    }

    /// <summary>The built-in catalog and its organisations, plus the data's old gitdm domain map where the catalog lacks a domain.</summary>
    public static (ProjectCatalog Catalog, List<Organization> Known) Known(string dataDir)
    {
        var catalog = ProjectCatalog.LoadBuiltIn();
        var known = catalog.Organizations.ToList();
        foreach (var line in File.ReadLines(Path.Combine(dataDir, "domain_company.csv")).Skip(1))
        {
            var parts = line.Split(',');
            if (!known.Exists(o => o.Domains.Contains(parts[0])))
            {
                known.Add(new Organization(parts[1], [parts[0]]));
            }
        }

        return (catalog, known);
    }

    public static IReadOnlyList<Organization> Vendors(ProjectCatalog catalog, string name)
    {
        catalog.TryResolve(CatalogNames.GetValueOrDefault(name, name), out var project);
        return project?.Vendors ?? [];
    }

    /// <summary>How the bot classifies a catalog project's history: its vendors, the free-mail list and its community.</summary>
    public static (ClassificationContext Context, AffiliationResolver Resolver, ProjectCommunity Community) Context(ProjectCatalog catalog, List<Organization> known, string name)
    {
        catalog.TryResolve(CatalogNames.GetValueOrDefault(name, name), out var project);
        var vendors = project?.Vendors ?? [];
        var resolver = new AffiliationResolver(known.Concat(vendors), ProjectCatalog.FreeMailDomains);
        var community = project?.Community ?? ProjectCommunity.None;
        return (new ClassificationContext(resolver, new VendorSet(vendors), community: community), resolver, community);
    }

    /// <summary>Distinct end-user organisations over all weeks (what the top list and spike evidence draw from).</summary>
    private static HashSet<string> EndUserOrganizationsNamed(ActivityLedger ledger, ClassificationContext context, DateTimeOffset asOf)
    {
        var history = ClassifiedHistory.Build(ledger, context, Week.Of(asOf));
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var week in history.Weeks)
        {
            foreach (var entry in week.Entries)
            {
                if (entry.Class == ContributorClass.EndUser)
                {
                    named.Add(history.OrganizationNames[entry.Organization]);
                }
            }
        }

        return named;
    }

    // An independent check from the lists themselves: the full free-mail list, the project's domains, the catalog's
    // foundations and schools, academic shapes and personal-hosting sites.
    private static bool NotAnOrganization(string organization, AffiliationResolver resolver, ProjectCommunity community) =>
        ProjectCatalog.FreeMailDomains.Contains(organization) && !resolver.IsMappedDomain(organization)
        || community.Contains(organization)
        || resolver.KindOf(organization) != OrganizationKind.Company
        || AffiliationResolver.IsAcademicDomain(organization)
        || AffiliationResolver.IsPersonalHostingDomain(organization)
        || organization == OrganizationNames.Independent;

    private static string Share(double? share) => share is { } s ? s.ToString("P0", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Reads one CSV: identity = the hashed author email; pseudonymised personal domains carry no affiliation.</summary>
    public static (ActivityLedger Ledger, DateTimeOffset Last) Load(string file)
    {
        var rows = new List<ContributionEvent>();
        var last = DateTimeOffset.MinValue;
        foreach (var line in File.ReadLines(file).Skip(1))
        {
            var f = line.Split(',');
            var at = DateTimeOffset.Parse(f[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var domain = f[4].StartsWith("pd-", StringComparison.Ordinal) || f[4] == "local.invalid" || f[4] == "unknown" ? null : f[4];
            rows.Add(new ContributionEvent(f[3], domain, f[5] == "1", ContributionKind.Commit, at, IsMergeCommit: f[6] == "1"));
            if (at > last)
            {
                last = at;
            }
        }

        var builder = new ActivityLedgerBuilder(Week.Of(rows.Min(r => r.At)));
        foreach (var row in rows)
        {
            builder.Add(row);
        }

        return (builder.Build(), last);
    }
}
