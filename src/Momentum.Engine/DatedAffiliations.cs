namespace Momentum.Engine;

/// <summary>
/// One dated line of an affiliation file: <paramref name="Organization"/> from <paramref name="From"/> (inclusive)
/// until <paramref name="Until"/> (exclusive); null bounds are open. A null organisation (gitdm <c>NotFound</c> or
/// <c>(Unknown)</c>) says nothing: its dates fall through to the next source. <see cref="OrganizationNames.Independent"/>
/// means known to be nobody's employee.
/// </summary>
public readonly record struct DatedAffiliation(string? Organization, DateOnly? From, DateOnly? Until)
{
    public bool Covers(DateOnly day) => (From is not { } from || day >= from) && (Until is not { } until || day < until);
}

/// <summary>
/// Affiliations read from files in gitdm's format (CNCF's, the data DevStats uses, or an organisation's own):
/// identity → its dated lines. An identity matches by login, or — with no login — by any email listed for an entry.
/// Entries for the same login are merged; on conflicting undated lines the later one in file order wins. A day takes
/// the line covering it (the latest-starting one when several do; the later in file order on a tie).
/// </summary>
public sealed class DatedAffiliations
{
    public static DatedAffiliations Empty { get; } = new();

    private readonly Dictionary<string, List<DatedAffiliation>> _byLogin = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<DatedAffiliation>> _byEmail = new(StringComparer.OrdinalIgnoreCase);

    public int Logins => _byLogin.Count;

    public int Emails => _byEmail.Count;

    /// <summary>Adds one entry's lines (already chained: an undated line after a dated one starts where it ended) under its login and emails.</summary>
    public void Add(string login, IReadOnlyList<string> emails, IReadOnlyList<DatedAffiliation> lines)
    {
        ArgumentNullException.ThrowIfNull(login);
        ArgumentNullException.ThrowIfNull(emails);
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        if (login.Length > 0)
        {
            // An email listed for a login stands for that login's merged lines.
            var merged = Merge(_byLogin, login, lines);
            foreach (var email in emails)
            {
                _byEmail[email] = merged;
            }

            return;
        }

        foreach (var email in emails)
        {
            Merge(_byEmail, email, lines);
        }
    }

    /// <summary>The lines known for an identity: a login's, or an email address's.</summary>
    public IReadOnlyList<DatedAffiliation>? LinesOf(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var table = identity.Contains('@', StringComparison.Ordinal) ? _byEmail : _byLogin;
        return table.TryGetValue(identity, out var lines) ? lines : null;
    }

    /// <summary>Whether the identity's lines name one organisation for every day (no dates, one line).</summary>
    public bool IsConstant(string identity) => LinesOf(identity) is not { } lines || (lines.Count == 1 && lines[0].From is null && lines[0].Until is null);

    /// <summary>The organisation on <paramref name="day"/>, or null when no line covers it or the line says unknown.</summary>
    public string? OrganizationAt(string identity, DateOnly day)
    {
        if (LinesOf(identity) is not { } lines)
        {
            return null;
        }

        DatedAffiliation? best = null;
        foreach (var line in lines)
        {
            if (line.Covers(day) && (best is not { } b || (line.From ?? DateOnly.MinValue) >= (b.From ?? DateOnly.MinValue)))
            {
                best = line;
            }
        }

        return best?.Organization;
    }

    private static List<DatedAffiliation> Merge(Dictionary<string, List<DatedAffiliation>> table, string key, IReadOnlyList<DatedAffiliation> lines)
    {
        if (!table.TryGetValue(key, out var existing))
        {
            existing = [.. lines];
            table[key] = existing;
            return existing;
        }

        foreach (var line in lines)
        {
            // A later undated line replaces an earlier undated one; dated lines add up.
            if (line.From is null && line.Until is null)
            {
                existing.RemoveAll(l => l.From is null && l.Until is null);
            }

            existing.Add(line);
        }

        return existing;
    }
}
