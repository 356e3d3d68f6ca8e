using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Momentum.Engine;

namespace Momentum.Bot.Catalog;

/// <summary>
/// The built-in catalog (<c>Catalog/catalog.json</c>): project names and aliases → repositories and vendors, plus the
/// domain map of known organisations. Names that look like <c>owner/repo</c> and are not in it are used as given.
/// </summary>
public sealed class ProjectCatalog
{
    private readonly Dictionary<string, Project> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<RepositoryId, Project> _byRepository = [];

    public ProjectCatalog(CatalogDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document = document;
        Organizations = document.Organizations
            .Select(o => new Organization(o.Name, o.Domains ?? [], o.Aliases ?? [], KindOf(o))
            {
                GitHubOrganizations = o.GitHubOrganizations ?? [],
            })
            .ToArray();
        var organizations = Organizations.ToDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in document.Projects)
        {
            var repositories = entry.Repositories.Select(RepositoryId.Parse).ToArray();
            var vendors = entry.Vendors
                .Select(v => organizations.TryGetValue(v, out var org) ? org : throw new InvalidDataException($"Catalog project '{entry.Name}' names vendor '{v}', which is not among the organisations."))
                .ToArray();
            var project = new Project(entry.Name, repositories, vendors, InCatalog: true)
            {
                ProjectDomains = entry.ProjectDomains ?? [],
                GitHubOrganizations = entry.GitHubOrganizations ?? [],
                Packages = (entry.Packages ?? []).Select(p => PackageId.Parse(p.System, p.Name)).Distinct().ToArray(),
            };
            Projects.Add(project);
            foreach (var name in (entry.Aliases ?? []).Prepend(entry.Name))
            {
                if (!_byName.TryAdd(name, project))
                {
                    throw new InvalidDataException($"Catalog name '{name}' is used twice.");
                }
            }

            foreach (var repository in repositories)
            {
                _byRepository.TryAdd(repository, project);
            }
        }
    }

    public IReadOnlyList<Organization> Organizations { get; }

    /// <summary>
    /// Free-mail providers (<c>Catalog/free-email-domains.txt</c>, vendored from the npm package <c>free-email-domains</c>;
    /// see <c>Catalog/free-email-domains.md</c>): addresses there say nothing about an employer.
    /// </summary>
    public static FrozenSet<string> FreeMailDomains => FreeMail.Value;

    private static readonly Lazy<FrozenSet<string>> FreeMail = new(() =>
    {
        using var stream = typeof(ProjectCatalog).Assembly.GetManifestResourceStream("Momentum.Bot.Catalog.free-email-domains.txt")
            ?? throw new InvalidOperationException("The built-in free-mail list resource is missing.");
        using var reader = new StreamReader(stream);
        var domains = new List<string>(16_384);
        while (reader.ReadLine() is { } line)
        {
            var domain = line.Trim();
            if (domain.Length > 0 && domain[0] != '#')
            {
                domains.Add(domain.ToLowerInvariant());
            }
        }

        return domains.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    });

    /// <summary>The affiliation rules with this catalog's domain map and the free-mail list, plus any further organisations (a workspace's vendors).</summary>
    public AffiliationResolver Resolver(IEnumerable<Organization> extra) =>
        new(Organizations.Concat(extra), FreeMailDomains);

    private static OrganizationKind KindOf(CatalogOrganization organization) => organization.Kind?.Trim().ToLowerInvariant() switch
    {
        null or "" or "company" => OrganizationKind.Company,
        "foundation" => OrganizationKind.Foundation,
        "academia" => OrganizationKind.Academia,
        var other => throw new InvalidDataException($"Catalog organisation '{organization.Name}' has kind '{other}'; use company, foundation or academia."),
    };

    public CatalogDocument Document { get; }

    /// <summary>This catalog plus another document's organisations and projects.</summary>
    public ProjectCatalog With(CatalogDocument extra)
    {
        ArgumentNullException.ThrowIfNull(extra);
        return new ProjectCatalog(new CatalogDocument([.. Document.Organizations, .. extra.Organizations], [.. Document.Projects, .. extra.Projects]));
    }

    public List<Project> Projects { get; } = [];

    /// <summary>The GitHub owner of every demo repository (demo mode's local GitHub serves only these).</summary>
    public const string DemoOwner = "demo";

    /// <summary>Whether demo mode can answer for the project: all its repositories are the demo's.</summary>
    public static bool IsDemo(Project project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Repositories.Count > 0 && project.Repositories.All(r => string.Equals(r.Owner, DemoOwner, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The catalog's demo projects (rocket, comet, nebula in demo mode; none otherwise).</summary>
    public IEnumerable<Project> DemoProjects => Projects.Where(IsDemo);

    public IEnumerable<string> Names => _byName.Keys;

    public static ProjectCatalog LoadBuiltIn()
    {
        using var stream = typeof(ProjectCatalog).Assembly.GetManifestResourceStream("Momentum.Bot.Catalog.catalog.json")
            ?? throw new InvalidOperationException("The built-in catalog resource is missing.");
        return new ProjectCatalog(JsonSerializer.Deserialize(stream, CatalogJsonContext.Default.CatalogDocument)!);
    }

    public static ProjectCatalog Load(string path)
    {
        using var stream = File.OpenRead(path);
        return new ProjectCatalog(JsonSerializer.Deserialize(stream, CatalogJsonContext.Default.CatalogDocument)
            ?? throw new InvalidDataException($"{path} is not a catalog."));
    }

    /// <summary>A catalog name or alias, or <c>owner/repo</c> (the catalog project holding it, else the repository alone).</summary>
    public bool TryResolve(string text, [NotNullWhen(true)] out Project? project)
    {
        project = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (_byName.TryGetValue(text.Trim(), out project))
        {
            return true;
        }

        if (RepositoryId.TryParse(text, out var repository))
        {
            project = ForRepository(repository.Value);
            return true;
        }

        return false;
    }

    /// <summary>The catalog project that holds this repository (narrowed to it), else a project of just this repository.</summary>
    public Project ForRepository(RepositoryId repository)
    {
        if (_byRepository.TryGetValue(repository, out var project))
        {
            return project.Repositories.Count == 1 ? project : project with { Name = repository.ToString(), Repositories = [repository] };
        }

        return new Project(repository.ToString(), [repository], [], InCatalog: false);
    }

    /// <summary>Catalog names close to <paramref name="text"/>, nearest first (for "did you mean").</summary>
    public IReadOnlyList<string> Suggest(string text, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(text);
        var input = text.Trim().ToLowerInvariant();
        return _byName.Keys
            .Select(name => (Name: name, Distance: Distance(input, name.ToLowerInvariant())))
            .Where(x => x.Distance <= Math.Max(2, x.Name.Length / 3) || x.Name.StartsWith(input, StringComparison.OrdinalIgnoreCase) && input.Length >= 3)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => _byName[x.Name].Name)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .ToArray();
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
