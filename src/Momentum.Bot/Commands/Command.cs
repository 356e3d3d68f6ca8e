using System.Text;

namespace Momentum.Bot.Commands;

/// <summary>A parsed command. Project names are resolved later (they depend on the catalog and the workspace).</summary>
public abstract record Command;

public sealed record HelpCommand : Command;

/// <summary><c>/momentum &lt;project&gt; [public]</c></summary>
public sealed record MomentumCommand(string Project, bool Public = false, bool Refresh = false) : Command;

/// <summary><c>/momentum compare &lt;a&gt; &lt;b&gt; [&lt;c&gt; …]</c></summary>
public sealed record CompareCommand(IReadOnlyList<string> Projects) : Command;

/// <summary><c>/momentum vendor &lt;project&gt;</c></summary>
public sealed record VendorShowCommand(string Project) : Command;

/// <summary><c>/momentum vendor &lt;project&gt; add|remove &lt;org&gt; [&lt;domain&gt; …]</c></summary>
public sealed record VendorChangeCommand(string Project, bool Add, string Organization, IReadOnlyList<string> Domains) : Command;

/// <summary><c>/momentum alias &lt;name&gt; &lt;owner/repo&gt; …</c> or <c>alias &lt;name&gt; remove</c>.</summary>
public sealed record AliasCommand(string Name, IReadOnlyList<string> Repositories, bool Remove) : Command;

/// <summary><c>/momentum aliases</c></summary>
public sealed record AliasesCommand : Command;

/// <summary>Text that is not a valid command: what is wrong, and the usage line that would help.</summary>
public sealed record InvalidCommand(string Message, string Usage) : Command;

/// <summary>The one command grammar every platform uses (Slack slash commands and mentions, Teams, the playground).</summary>
public static class CommandParser
{
    public const int MaxCompare = 5;
    public const int MaxLength = 2000;

    public static readonly IReadOnlyDictionary<string, string> Usage = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["momentum"] = "/momentum <project> [public] — a project is a catalog name, an alias or owner/repo",
        ["compare"] = "/momentum compare <a> <b> [<c> …] — up to 5 projects side by side",
        ["vendor"] = "/momentum vendor <project> [add <org> <domain…> | remove <org>]",
        ["alias"] = "/momentum alias <name> <owner/repo> [<owner/repo> …]  ·  /momentum alias <name> remove  ·  /momentum aliases",
        ["help"] = "/momentum help",
    };

    public static Command Parse(string? text)
    {
        if (text is not null && text.Length > MaxLength)
        {
            return new InvalidCommand($"That command is {text.Length} characters long; the limit is {MaxLength}.", Usage["help"]);
        }

        var tokens = Tokenize(text ?? "");
        if (tokens.Count > 0 && tokens[0].Equals("/momentum", StringComparison.OrdinalIgnoreCase))
        {
            tokens.RemoveAt(0);
        }

        if (tokens.Count == 0)
        {
            return new HelpCommand();
        }

        var verb = tokens[0].ToLowerInvariant();
        var rest = tokens.Skip(1).ToList();
        return verb switch
        {
            "help" or "?" or "-h" or "--help" => new HelpCommand(),
            "compare" => Compare(rest),
            "vendor" or "vendors" => Vendor(rest),
            "alias" => Alias(rest),
            "aliases" => rest.Count == 0 ? new AliasesCommand() : new InvalidCommand("'aliases' takes no arguments.", Usage["alias"]),
            _ => Momentum(tokens),
        };
    }

    private static Command Momentum(List<string> tokens)
    {
        var project = tokens[0];
        var isPublic = false;
        foreach (var option in tokens.Skip(1))
        {
            if (option.Equals("public", StringComparison.OrdinalIgnoreCase))
            {
                isPublic = true;
            }
            else
            {
                return new InvalidCommand($"I don't know what '{option}' means after '{project}'.", Usage["momentum"]);
            }
        }

        return new MomentumCommand(project, isPublic);
    }

    private static Command Compare(List<string> projects)
    {
        if (projects.Count < 2)
        {
            return new InvalidCommand("Compare needs at least two projects.", Usage["compare"]);
        }

        if (projects.Count > MaxCompare)
        {
            return new InvalidCommand($"Compare takes at most {MaxCompare} projects; you named {projects.Count}.", Usage["compare"]);
        }

        var distinct = projects.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return distinct.Count < 2
            ? new InvalidCommand("Compare needs two different projects.", Usage["compare"])
            : new CompareCommand(distinct);
    }

    private static Command Vendor(List<string> args)
    {
        if (args.Count == 0)
        {
            return new InvalidCommand("Which project's vendors?", Usage["vendor"]);
        }

        if (args.Count == 1)
        {
            return new VendorShowCommand(args[0]);
        }

        var action = args[1].ToLowerInvariant();
        if (action is not ("add" or "remove"))
        {
            return new InvalidCommand($"'{args[1]}' is not add or remove.", Usage["vendor"]);
        }

        if (args.Count < 3)
        {
            return new InvalidCommand($"Which organisation to {action}?", Usage["vendor"]);
        }

        var organization = args[2];
        if (organization.Length > 100)
        {
            return new InvalidCommand("An organisation name is at most 100 characters.", Usage["vendor"]);
        }

        var domains = args.Skip(3).Select(d => d.ToLowerInvariant().Trim().TrimEnd('.')).ToList();
        foreach (var domain in domains)
        {
            if (!IsDomain(domain))
            {
                return new InvalidCommand($"'{domain}' is not a domain name (like isovalent.com).", Usage["vendor"]);
            }
        }

        if (action == "remove" && domains.Count > 0)
        {
            return new InvalidCommand("Remove takes just the organisation's name.", Usage["vendor"]);
        }

        return new VendorChangeCommand(args[0], action == "add", organization, domains);
    }

    private static Command Alias(List<string> args)
    {
        if (args.Count < 2)
        {
            return new InvalidCommand("An alias needs a name and at least one owner/repo.", Usage["alias"]);
        }

        var name = args[0].ToLowerInvariant();
        if (!IsName(name))
        {
            return new InvalidCommand($"'{args[0]}' can't be an alias: use letters, digits and '-', up to 40 characters.", Usage["alias"]);
        }

        if (args.Count == 2 && args[1].Equals("remove", StringComparison.OrdinalIgnoreCase))
        {
            return new AliasCommand(name, [], Remove: true);
        }

        return new AliasCommand(name, args.Skip(1).ToList(), Remove: false);
    }

    public static bool IsName(string name) =>
        name.Length is > 0 and <= 40 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static bool IsDomain(string domain) =>
        domain.Length <= 253 && domain.Contains('.', StringComparison.Ordinal) && Uri.CheckHostName(domain) == UriHostNameType.Dns;

    /// <summary>Splits on white space; "double" or “curly” quotes group words (for names like "Grafana Labs").</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var hadQuote = false;
        foreach (var c in text)
        {
            if (c is '"' or '“' or '”')
            {
                quoted = !quoted;
                hadQuote = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                Flush();
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (current.Length > 0 || hadQuote)
            {
                var token = current.ToString().Trim();
                if (token.Length > 0)
                {
                    tokens.Add(token);
                }
            }

            current.Clear();
            hadQuote = false;
        }
    }
}
