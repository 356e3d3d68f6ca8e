namespace Momentum.Engine;

/// <summary>
/// A personal domain spells its owner: its main label (<c>janedoe</c> in <c>mail.janedoe.dev</c>) contains the
/// identity's login, or a name token of four or more letters (from the profile's name or the address's local part),
/// or it is a personal-hosting site's. A domain that merely has one identity is <em>not</em> personal: real
/// companies often show up with one engineer, and those stay organisations (unverified).
/// </summary>
public static class PersonalDomains
{
    // Local parts that name a role, not a person: "info@infoblox.com" is not Info's personal domain.
    private static readonly HashSet<string> RoleWords = new(StringComparer.Ordinal)
    {
        "info", "admin", "support", "team", "contact", "hello", "mail", "email", "root", "noreply", "office", "sales",
        "code", "open", "source", "build", "devops", "github", "gitlab", "developer", "engineering", "security",
        "oss", "opensource", "bot", "robot", "user", "work", "private", "personal",
    };

    /// <param name="domain">The lower-cased email domain.</param>
    /// <param name="identity">The identity: a login, or a lower-cased email address.</param>
    /// <param name="name">The person's display name, when known (GitHub profile <c>name</c>).</param>
    public static bool Spells(string domain, string identity, string? name)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(identity);
        if (AffiliationResolver.IsPersonalHostingDomain(domain))
        {
            return true;
        }

        var label = OrganizationNames.Key(MainLabel(domain));
        if (label.Length == 0)
        {
            return false;
        }

        var at = identity.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            var login = OrganizationNames.Key(identity);
            if (login.Length >= 3 && label.Contains(login, StringComparison.Ordinal))
            {
                return true;
            }
        }
        else if (AnyTokenIn(identity[..at], label))
        {
            return true;
        }

        return name is not null && AnyTokenIn(name, label);
    }

    /// <summary>The label a domain is registered under: <c>janedoe</c> for <c>mail.janedoe.co.uk</c>.</summary>
    public static string MainLabel(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var labels = domain.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length < 2)
        {
            return labels.Length == 1 ? labels[0] : "";
        }

        var i = labels.Length - 2;
        if (labels.Length >= 3 && labels[^1].Length == 2 && labels[i] is "co" or "com" or "net" or "org" or "ac" or "edu" or "gov" or "or" or "ne")
        {
            i--;
        }

        return labels[i];
    }

    private static bool AnyTokenIn(string text, string label)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                var token = text[start..i].ToLowerInvariant();
                start = -1;
                if (token.Length >= 4 && !RoleWords.Contains(token) && label.Contains(OrganizationNames.Key(token), StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
