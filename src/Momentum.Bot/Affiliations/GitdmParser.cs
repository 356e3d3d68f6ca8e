using System.Buffers;
using System.Globalization;
using Momentum.Engine;

namespace Momentum.Bot.Affiliations;

/// <summary>What one affiliation file held: entries read, lines that were not understood (skipped, never fatal).</summary>
public sealed record GitdmParseResult(int Entries, int Lines, int Malformed);

/// <summary>
/// Reads gitdm's <c>developers_affiliations*.txt</c> format line by line (never the whole file in memory):
/// <c>login: email1, email2</c> (emails written with <c>!</c> for <c>@</c>), then tab-indented lines <c>Company</c>,
/// <c>Company until YYYY-MM-DD</c>, <c>Company from YYYY-MM-DD</c> or <c>Company from YYYY-MM-DD until YYYY-MM-DD</c>;
/// <c>#</c> starts a comment. <c>Independent</c> is the individual; <c>NotFound</c> and <c>(Unknown)</c> say nothing.
/// An undated line after a dated one starts where that one ended (gitdm's "Company1 until D / Company2").
/// </summary>
/// <remarks>
/// Lines are read into one pooled buffer and parsed as spans: the only strings made are the ones kept (a login, an
/// email, each distinct company name once per file), because a 10 MB set is hundreds of thousands of lines.
/// </remarks>
public static class GitdmParser
{
    private const int BufferChars = 16 * 1024;

    public static GitdmParseResult Parse(TextReader reader, DatedAffiliations into)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(into);
        var entries = new EntryReader(into);
        var buffer = ArrayPool<char>.Shared.Rent(BufferChars);
        try
        {
            int start = 0, end = 0;
            var ended = false;
            while (true)
            {
                var pending = buffer.AsSpan(start, end - start);
                var at = pending.IndexOfAny('\n', '\r');
                // A line ends at \n, \r\n or a lone \r (as TextReader.ReadLine has it); a \r last in the buffer waits for the next read.
                if (at >= 0 && (pending[at] == '\n' || at + 1 < pending.Length || ended))
                {
                    entries.Read(pending[..at]);
                    start += at + (pending[at] == '\r' && at + 1 < pending.Length && pending[at + 1] == '\n' ? 2 : 1);
                    continue;
                }

                if (ended)
                {
                    if (pending.Length > 0)
                    {
                        entries.Read(pending);
                    }

                    break;
                }

                // No whole line left: move the part read to the front, or grow the buffer when one line fills it.
                if (start > 0)
                {
                    pending.CopyTo(buffer);
                    end -= start;
                    start = 0;
                }
                else if (end == buffer.Length)
                {
                    var larger = ArrayPool<char>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, end).CopyTo(larger);
                    ArrayPool<char>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = reader.Read(buffer, end, buffer.Length - end);
                ended = read == 0;
                end += read;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        return entries.Finish();
    }

    /// <summary>One file's entries as its lines arrive: the entry being read, and the company names seen so far.</summary>
    private sealed class EntryReader(DatedAffiliations into)
    {
        private readonly List<string> _emails = [];
        private readonly List<DatedAffiliation> _dated = [];
        private readonly Dictionary<string, string?> _organizations = new(StringComparer.Ordinal);
        private string? _login;
        private DateOnly? _previousUntil;
        private int _entries, _lines, _malformed;

        public void Read(ReadOnlySpan<char> raw)
        {
            _lines++;
            var hash = raw.IndexOf('#');
            var text = (hash >= 0 ? raw[..hash] : raw).TrimEnd();
            if (text.IsEmpty)
            {
                return;
            }

            if (char.IsWhiteSpace(text[0]))
            {
                if (_login is null || !TryParseLine(text.Trim(), out var line))
                {
                    _malformed++;
                    return;
                }

                _dated.Add(line);
                _previousUntil = line.Until;
                return;
            }

            Flush();
            if (!TryParseHeader(text))
            {
                _malformed++;
            }
        }

        public GitdmParseResult Finish()
        {
            Flush();
            return new GitdmParseResult(_entries, _lines, _malformed);
        }

        private void Flush()
        {
            if (_login is not null)
            {
                // Add copies what it keeps, so the lists are reused for the next entry.
                into.Add(_login, _emails, _dated);
                _entries++;
            }

            _login = null;
            _emails.Clear();
            _dated.Clear();
            _previousUntil = null;
        }

        private bool TryParseHeader(ReadOnlySpan<char> text)
        {
            var colon = text.IndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            var login = text[..colon].Trim();
            foreach (var c in login)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                {
                    return false;
                }
            }

            var rest = text[(colon + 1)..];
            foreach (var range in rest.Split(','))
            {
                var part = rest[range].Trim();
                var at = part.IndexOfAny('!', '@');
                if (at > 0 && at < part.Length - 1 && !part.Contains(' '))
                {
                    _emails.Add(Email(part));
                }
            }

            if (login.IsEmpty && _emails.Count == 0)
            {
                return false;
            }

            _login = new string(login);
            return true;
        }

        private bool TryParseLine(ReadOnlySpan<char> text, out DatedAffiliation line)
        {
            line = default;
            DateOnly? from = null, until = null;
            var company = text;
            if (TrySplitLast(company, "until", out var before, out var date))
            {
                if (!TryDate(date, out var u))
                {
                    return false;
                }

                until = u;
                company = before;
            }

            if (TrySplitLast(company, "from", out before, out date))
            {
                if (!TryDate(date, out var f))
                {
                    return false;
                }

                from = f;
                company = before;
            }

            company = company.Trim();
            if (company.IsEmpty || (from is { } a && until is { } b && a >= b))
            {
                return false;
            }

            from ??= _previousUntil;
            if (from is { } start && until is { } end && start >= end)
            {
                from = null;
            }

            line = new DatedAffiliation(OrganizationOf(company), from, until);
            return true;
        }

        /// <summary>Each distinct company text becomes one string (and one answer) per file.</summary>
        private string? OrganizationOf(ReadOnlySpan<char> company)
        {
            var seen = _organizations.GetAlternateLookup<ReadOnlySpan<char>>();
            if (seen.TryGetValue(company, out var organization))
            {
                return organization;
            }

            var name = new string(company);
            organization = name.Equals("NotFound", StringComparison.OrdinalIgnoreCase) || name.Equals("(Unknown)", StringComparison.OrdinalIgnoreCase)
                ? null
                : name.Equals("Independent", StringComparison.OrdinalIgnoreCase) ? OrganizationNames.Independent : name;
            _organizations[name] = organization;
            return organization;
        }
    }

    /// <summary>An email as gitdm writes it (<c>!</c> for <c>@</c>), lower-cased.</summary>
    private static string Email(ReadOnlySpan<char> written)
    {
        Span<char> email = written.Length <= 256 ? stackalloc char[written.Length] : new char[written.Length];
        written.ToLowerInvariant(email);
        email.Replace('!', '@');
        return new string(email);
    }

    /// <summary>
    /// Splits at the last " <paramref name="word"/> " (or a leading "<paramref name="word"/> ", which leaves no company):
    /// "Acme from 2020-01-01" → "Acme", "2020-01-01".
    /// </summary>
    private static bool TrySplitLast(ReadOnlySpan<char> text, string word, out ReadOnlySpan<char> before, out ReadOnlySpan<char> after)
    {
        Span<char> marker = stackalloc char[word.Length + 2];
        marker[0] = ' ';
        word.CopyTo(marker[1..]);
        marker[^1] = ' ';
        var at = text.LastIndexOf(marker);
        if (at >= 0)
        {
            before = text[..at];
            after = text[(at + marker.Length)..];
            return true;
        }

        if (text.StartsWith(marker[1..]))
        {
            before = [];
            after = text[(marker.Length - 1)..];
            return true;
        }

        before = after = [];
        return false;
    }

    private static bool TryDate(ReadOnlySpan<char> text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
