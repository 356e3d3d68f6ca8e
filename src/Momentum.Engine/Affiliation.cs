using System.Text;

namespace Momentum.Engine;

/// <summary>What an organisation is: a company (vendor or end-user), a foundation or a school (both community).</summary>
public enum OrganizationKind
{
    Company,
    Foundation,
    Academia,
}

/// <summary>A company or other organisation, with the email domains and alternative names that identify it.</summary>
public sealed record Organization(string Name, IReadOnlyList<string> Domains, IReadOnlyList<string>? Aliases = null, OrganizationKind Kind = OrganizationKind.Company)
{
    /// <summary>The organisation's GitHub organisations (logins): a public member is affiliated to it.</summary>
    public IReadOnlyList<string> GitHubOrganizations { get; init; } = [];

    /// <summary>The comparison key of an organisation name: lower-case letters and digits only.</summary>
    internal string Key => OrganizationNames.Key(Name);
}

/// <summary>Where an affiliation came from, in the order the rules try them.</summary>
public enum AffiliationSource
{
    None,
    Override,
    Gitdm,
    EmailDomain,
    GitHubOrganization,
    ProfileCompany,
    ProfileEmail,
}

public readonly record struct Affiliation(string? Organization, AffiliationSource Source)
{
    public static Affiliation Unknown { get; } = new(null, AffiliationSource.None);

    public bool IsKnown => Organization is not null;
}

/// <summary>Normalises organisation names and free-text GitHub <c>company</c> fields.</summary>
public static class OrganizationNames
{
    private static readonly string[] LegalSuffixes =
    [
        "incorporated", "inc", "llc", "l.l.c", "ltd", "limited", "gmbh", "corp", "corporation", "co", "company", "plc",
        "s.a", "sa", "ag", "b.v", "bv", "srl", "s.r.l", "oy", "ab", "as", "pty", "kk", "k.k", "sas", "spa", "s.p.a",
        "pvt", "private", "holdings", "group",
    ];

    /// <summary>The organisation name every individual (known to be nobody's employee) is counted under.</summary>
    public const string Independent = "Independent";

    private static readonly HashSet<string> NoOrganization = new(StringComparer.Ordinal)
    {
        "", "none", "n/a", "na", "no", "-", "--", "null", "nil", "home", "student", "open source", "opensource", "oss",
        "private", "confidential", "unknown", "(unknown)", "notfound", "various", "?",
    };

    // Known to be nobody's employee: counted as individuals, never as an organisation.
    private static readonly HashSet<string> NobodysEmployee = new(StringComparer.Ordinal)
    {
        "independent", "self", "self-employed", "self employed", "selfemployed", "myself", "me", "personal", "freelance",
        "freelancer", "freelancing", "independent contractor", "independent consultant", "independent developer",
        "contractor", "consultant", "retired", "unemployed", "available for hire", "looking for job", "hobbyist",
    };

    /// <summary>Whether a profile company (or a gitdm company) says its person works for nobody: Independent, self-employed, freelance…</summary>
    public static bool IsNobodysEmployee(string? company)
    {
        if (string.IsNullOrWhiteSpace(company))
        {
            return false;
        }

        var text = company.Trim().TrimStart('@').Trim().TrimEnd('.', '!').ToLowerInvariant();
        return NobodysEmployee.Contains(text);
    }

    /// <summary>Lower-case letters and digits only, so "Isovalent, Inc." and "@isovalent" compare equal.</summary>
    public static string Key(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Cleans a GitHub profile <c>company</c>: drops a leading <c>@</c>, takes the first of several names, strips legal
    /// suffixes (Inc, LLC, GmbH…) and returns null for values that name no organisation (freelance, none, student…).
    /// </summary>
    public static string? NormalizeCompany(string? company)
    {
        if (string.IsNullOrWhiteSpace(company))
        {
            return null;
        }

        var text = company.AsSpan().Trim();
        var cut = text.IndexOfAny([',', ';', '|', '\n', '(']);
        if (cut > 0)
        {
            text = text[..cut];
        }

        var slash = text.IndexOf(" / ", StringComparison.Ordinal);
        if (slash > 0)
        {
            text = text[..slash];
        }

        text = text.Trim().TrimStart('@').Trim();
        // "@org" mentions sometimes come as "@org @other": keep the first.
        var space = text.IndexOf(" @", StringComparison.Ordinal);
        if (space > 0)
        {
            text = text[..space];
        }

        // Strip trailing legal suffixes word by word: "Acme Holdings Inc." → "Acme".
        while (true)
        {
            text = text.TrimEnd().TrimEnd(".,-").TrimEnd();
            var lastSpace = text.LastIndexOf(' ');
            if (lastSpace <= 0 || !IsLegalSuffix(text[(lastSpace + 1)..]))
            {
                break;
            }

            text = text[..lastSpace];
        }

        var result = text.ToString();
        if (NoOrganization.Contains(result.ToLowerInvariant()) || NobodysEmployee.Contains(result.ToLowerInvariant()) || Key(result).Length == 0)
        {
            return null;
        }

        return result;
    }

    private static bool IsLegalSuffix(ReadOnlySpan<char> word)
    {
        var trimmed = word.Trim(".,");
        foreach (var suffix in LegalSuffixes)
        {
            if (trimmed.Equals(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The affiliation rules, first match wins: explicit override → corporate email domain (the domain map, else the
/// domain itself) → GitHub profile company (normalised, matched against known organisations) → unknown. Generic mail
/// providers, GitHub noreply addresses and machine-local hostnames carry no affiliation.
/// </summary>
public sealed class AffiliationResolver
{
    /// <summary>Free-mail providers and other domains that say nothing about an employer.</summary>
    public static readonly IReadOnlyList<string> DefaultGenericDomains =
    [
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "msn.com",
        "yahoo.com", "yahoo.co.jp", "yahoo.co.uk", "yahoo.fr", "ymail.com", "icloud.com", "me.com", "mac.com",
        "aol.com", "protonmail.com", "proton.me", "pm.me", "qq.com", "163.com", "126.com", "foxmail.com", "sina.com",
        "yeah.net", "aliyun.com", "gmx.de", "gmx.net", "gmx.com", "web.de", "t-online.de", "yandex.ru", "yandex.com",
        "mail.ru", "fastmail.com", "fastmail.fm", "hey.com", "tutanota.com", "zoho.com", "naver.com", "daum.net",
        "hanmail.net", "seznam.cz", "free.fr", "orange.fr", "laposte.net", "wp.pl", "o2.pl", "libero.it", "rediffmail.com",
        "users.noreply.github.com", "noreply.github.com", "github.com", "privaterelay.appleid.com", "example.com",
        "linux.com", "duck.com", "posteo.de", "mailbox.org", "riseup.net", "disroot.org", "keybase.io",
        "live.cn", "live.fr", "live.de", "live.co.uk", "live.nl", "live.it", "live.jp", "hotmail.fr", "hotmail.de",
        "hotmail.it", "hotmail.es", "outlook.fr", "outlook.de", "outlook.jp", "outlook.kr", "outlook.es", "msn.cn",
        "139.com", "189.cn", "sohu.com", "tom.com", "vip.qq.com", "vip.163.com", "mail.com", "email.com", "inbox.ru",
        "bk.ru", "list.ru", "rambler.ru", "ya.ru", "yandex.ua", "ukr.net", "gmx.at", "gmx.ch", "bluewin.ch",
        "btinternet.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "rocketmail.com", "zoho.eu",
        "tuta.io", "tutanota.de", "protonmail.ch", "proton.ch", "icloud.com.cn", "users.sourceforge.net", "googlegroups.com",
        "pobox.com", "saunalahti.fi", "yahoo.de", "yahoo.it", "yahoo.es", "hotmail.it", "list.ru", "email.cz",
    ];

    /// <summary>Domains of sites that host people's own pages: an address there spells a person, not an employer.</summary>
    public static readonly IReadOnlyList<string> PersonalHostingDomains =
    [
        "github.io", "gitlab.io", "netlify.app", "vercel.app", "pages.dev", "herokuapp.com", "blogspot.com", "wordpress.com",
        "substack.com", "medium.com", "neocities.org", "keybase.pub", "sr.ht", "codeberg.page", "duckdns.org", "dyndns.org",
    ];

    /// <summary>Address prefixes that name a person's school or alumni status, not an employer.</summary>
    private static readonly string[] PersonalPrefixes = ["alumni.", "student.", "students.", "stud.", "alum."];

    // Words that make an organisation name a school's: "Stanford University", "EPITA School of Engineering".
    private static readonly string[] AcademicWords =
    [
        "university", "universitat", "universität", "université", "universite", "universidad", "universidade", "università",
        "universiteit", "college", "polytechnic", "politecnico", "institute of technology", "school of", "hochschule",
        "academy of sciences",
    ];

    private readonly Dictionary<string, string> _domains = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrganizationKind> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _gitHubOrganizations = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _generic;
    private readonly IReadOnlySet<string> _freeMail;
    private readonly HashSet<string> _mappedExact = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="genericDomains">Further free-mail domains; a set is kept by reference (the large vendored list is shared, not copied).</param>
    public AffiliationResolver(IEnumerable<Organization> knownOrganizations, IEnumerable<string>? genericDomains = null)
    {
        ArgumentNullException.ThrowIfNull(knownOrganizations);
        _generic = new HashSet<string>(DefaultGenericDomains, StringComparer.OrdinalIgnoreCase);
        _freeMail = genericDomains as IReadOnlySet<string> ?? new HashSet<string>(genericDomains ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var organization in knownOrganizations)
        {
            AddOrganization(organization);
        }
    }

    /// <summary>Teaches the resolver an organisation: its name, aliases and domains (later additions win).</summary>
    public void AddOrganization(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        _names[organization.Key] = organization.Name;
        _kinds[organization.Key] = organization.Kind;
        foreach (var alias in organization.Aliases ?? [])
        {
            _names[OrganizationNames.Key(alias)] = organization.Name;
        }

        foreach (var login in organization.GitHubOrganizations)
        {
            _gitHubOrganizations[login.Trim()] = organization.Name;
            _names.TryAdd(OrganizationNames.Key(login), organization.Name);
        }

        foreach (var domain in organization.Domains)
        {
            var d = domain.Trim().ToLowerInvariant();
            // A domain the map names is an organisation's, whatever a free-mail list says.
            _generic.Remove(d);
            _mappedExact.Add(d);
            _domains[d] = organization.Name;
            // "@isovalent" in a profile names the organisation whose domain is isovalent.com.
            var label = d.Split('.')[0];
            _names.TryAdd(OrganizationNames.Key(label), organization.Name);
        }
    }

    public bool IsGenericDomain(string domain) =>
        _generic.Contains(domain) || (_freeMail.Contains(domain) && !_mappedExact.Contains(domain));

    /// <summary>Whether the domain map names this domain (or a parent of it), as opposed to a domain standing for itself.</summary>
    public bool IsMappedDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        for (var candidate = domain.Trim().ToLowerInvariant(); ;)
        {
            if (_domains.ContainsKey(candidate))
            {
                return true;
            }

            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || candidate.IndexOf('.', dot + 1) < 0)
            {
                return false;
            }

            candidate = candidate[(dot + 1)..];
        }
    }

    /// <summary>The organisation whose GitHub organisation this is (catalog <c>githubOrgs</c>), if any.</summary>
    public string? OrganizationOfGitHubOrganization(string login) =>
        _gitHubOrganizations.TryGetValue(login.Trim(), out var name) ? name : null;

    /// <summary>
    /// What an organisation is: the domain map's kind for a known one; a school for an academic domain
    /// (<c>*.edu</c>, <c>*.ac.*</c>, <c>edu.*</c>, <c>*.edu.*</c>) or a name like "… University"; else a company.
    /// </summary>
    public OrganizationKind KindOf(string organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (_kinds.TryGetValue(OrganizationNames.Key(organization), out var kind))
        {
            return kind;
        }

        var text = organization.Trim().ToLowerInvariant();
        if (IsAcademicDomain(text))
        {
            return OrganizationKind.Academia;
        }

        foreach (var word in AcademicWords)
        {
            if (text.Contains(word, StringComparison.Ordinal))
            {
                return OrganizationKind.Academia;
            }
        }

        return OrganizationKind.Company;
    }

    /// <summary>Academic domains by their shape: <c>mit.edu</c>, <c>konkuk.ac.kr</c>, <c>sjtu.edu.cn</c>, <c>edu.dsti.institute</c>, <c>uni-stuttgart.de</c>.</summary>
    public static bool IsAcademicDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.Contains(' ', StringComparison.Ordinal) || !domain.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        return domain.EndsWith(".edu", StringComparison.Ordinal)
            || domain.Contains(".edu.", StringComparison.Ordinal)
            || domain.StartsWith("edu.", StringComparison.Ordinal)
            || domain.Contains(".ac.", StringComparison.Ordinal)
            || PersonalDomains.MainLabel(domain).StartsWith("uni-", StringComparison.Ordinal);
    }

    /// <summary>Whether an email domain is a personal-hosting site's (<c>github.io</c>, <c>netlify.app</c>, …) or under the <c>.name</c> TLD.</summary>
    public static bool IsPersonalHostingDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (domain.EndsWith(".name", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var host in PersonalHostingDomains)
        {
            if (domain.Equals(host, StringComparison.Ordinal) || domain.EndsWith("." + host, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly AffiliationResolver DefaultRules = new([]);

    /// <summary>Whether a domain can name an employer under the default rules (not free mail, noreply or a local host).</summary>
    public static bool CanCarryAffiliation(string? domain) =>
        !string.IsNullOrWhiteSpace(domain) && DefaultRules.IsCorporateDomain(domain.Trim().ToLowerInvariant());

    /// <summary>The organisation an email domain stands for, or null when it carries no affiliation.</summary>
    public string? OrganizationOfDomain(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return null;
        }

        var d = domain.Trim().ToLowerInvariant();
        if (!IsCorporateDomain(d))
        {
            return null;
        }

        // Walk up the parents: ca.ibm.com → ibm.com.
        for (var candidate = d; ;)
        {
            if (_domains.TryGetValue(candidate, out var name))
            {
                return name;
            }

            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || candidate.IndexOf('.', dot + 1) < 0)
            {
                break;
            }

            candidate = candidate[(dot + 1)..];
        }

        return d;
    }

    /// <summary>The organisation a profile company names: a known organisation's canonical name, else the cleaned text.</summary>
    public string? OrganizationOfCompany(string? company)
    {
        if (OrganizationNames.IsNobodysEmployee(company))
        {
            return OrganizationNames.Independent;
        }

        var normalized = OrganizationNames.NormalizeCompany(company);
        if (normalized is null)
        {
            return null;
        }

        return _names.TryGetValue(OrganizationNames.Key(normalized), out var known) ? known : normalized;
    }

    /// <summary>The canonical name of an organisation named in chat or configuration (an override), if known.</summary>
    public string CanonicalName(string organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return _names.TryGetValue(OrganizationNames.Key(organization), out var known) ? known : organization.Trim();
    }

    private bool IsCorporateDomain(string domain)
    {
        if (IsGenericDomain(domain) || domain.EndsWith(".users.noreply.github.com", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var prefix in PersonalPrefixes)
        {
            if (domain.StartsWith(prefix, StringComparison.Ordinal) || domain.Contains("." + prefix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        // Machine hostnames and made-up domains: "bob-macbook.local", "localhost", "x.invalid", "box" (no dot).
        if (!domain.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        string[] localSuffixes = [".local", ".localdomain", ".invalid", ".lan", ".internal", ".home", ".localhost", ".example", ".test"];
        foreach (var suffix in localSuffixes)
        {
            if (domain.EndsWith(suffix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
