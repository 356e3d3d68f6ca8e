using System.Globalization;
using Momentum.Bot.Affiliations;
using Momentum.Engine;

namespace Momentum.Benchmarks;

/// <summary>
/// The gitdm parser as it was before it read spans (ReadLine, substrings, Split per line), kept only as this
/// benchmark's baseline. Reads gitdm's <c>developers_affiliations*.txt</c> format line by line (never the whole file in memory):
/// <c>login: email1, email2</c> (emails written with <c>!</c> for <c>@</c>), then tab-indented lines <c>Company</c>,
/// <c>Company until YYYY-MM-DD</c>, <c>Company from YYYY-MM-DD</c> or <c>Company from YYYY-MM-DD until YYYY-MM-DD</c>;
/// <c>#</c> starts a comment. <c>Independent</c> is the individual; <c>NotFound</c> and <c>(Unknown)</c> say nothing.
/// An undated line after a dated one starts where that one ended (gitdm's "Company1 until D / Company2").
/// </summary>
public static class GitdmParserBefore
{
    public static GitdmParseResult Parse(TextReader reader, DatedAffiliations into)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(into);
        int entries = 0, lines = 0, malformed = 0;
        string? login = null;
        var emails = new List<string>();
        var dated = new List<DatedAffiliation>();
        DateOnly? previousUntil = null;

        void Flush()
        {
            if (login is not null)
            {
                into.Add(login, emails.ToArray(), dated.ToArray());
                entries++;
            }

            login = null;
            emails.Clear();
            dated.Clear();
            previousUntil = null;
        }

        while (reader.ReadLine() is { } raw)
        {
            lines++;
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var text = (hash >= 0 ? raw[..hash] : raw).TrimEnd();
            if (text.Trim().Length == 0)
            {
                continue;
            }

            if (char.IsWhiteSpace(text[0]))
            {
                if (login is null || !TryParseLine(text.Trim(), previousUntil, out var line))
                {
                    malformed++;
                    continue;
                }

                dated.Add(line);
                previousUntil = line.Until;
                continue;
            }

            Flush();
            if (!TryParseHeader(text, out var name, emails))
            {
                malformed++;
                continue;
            }

            login = name;
        }

        Flush();
        return new GitdmParseResult(entries, lines, malformed);
    }

    private static bool TryParseHeader(string text, out string login, List<string> emails)
    {
        login = "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        login = text[..colon].Trim();
        if (login.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            return false;
        }

        foreach (var part in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var email = part.Replace('!', '@').ToLowerInvariant();
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at > 0 && at < email.Length - 1 && !email.Contains(' ', StringComparison.Ordinal))
            {
                emails.Add(email);
            }
        }

        return login.Length > 0 || emails.Count > 0;
    }

    private static bool TryParseLine(string text, DateOnly? previousUntil, out DatedAffiliation line)
    {
        line = default;
        DateOnly? from = null, until = null;
        var company = " " + text;
        var untilAt = company.LastIndexOf(" until ", StringComparison.Ordinal);
        if (untilAt >= 0)
        {
            if (!TryDate(company[(untilAt + 7)..], out var u))
            {
                return false;
            }

            until = u;
            company = company[..untilAt];
        }

        var fromAt = company.LastIndexOf(" from ", StringComparison.Ordinal);
        if (fromAt >= 0)
        {
            if (!TryDate(company[(fromAt + 6)..], out var f))
            {
                return false;
            }

            from = f;
            company = company[..fromAt];
        }

        company = company.Trim();
        if (company.Length == 0 || (from is { } a && until is { } b && a >= b))
        {
            return false;
        }

        from ??= previousUntil;
        if (from is { } start && until is { } end && start >= end)
        {
            from = null;
        }

        line = new DatedAffiliation(OrganizationOf(company), from, until);
        return true;
    }

    private static string? OrganizationOf(string company) =>
        company.Equals("NotFound", StringComparison.OrdinalIgnoreCase) || company.Equals("(Unknown)", StringComparison.OrdinalIgnoreCase)
            ? null
            : company.Equals("Independent", StringComparison.OrdinalIgnoreCase) ? OrganizationNames.Independent : company;

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
