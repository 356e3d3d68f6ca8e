using System.Globalization;
using System.Text;
using Momentum.Bot.Catalog;
using Momentum.Bot.Store;

namespace Momentum.Bot.Commands;

/// <summary>The one command grammar every platform uses (Slack slash commands and mentions, Teams, the playground).</summary>
public static class CommandParser
{
    public const int MaxCompare = 5;
    public const int MaxLength = 2000;

    public static readonly IReadOnlyDictionary<string, string> Usage = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["momentum"] = "/momentum <project> [public] — a project is a catalog name, an alias or owner/repo",
        ["compare"] = "/momentum compare <a> <b> [<c> …] — up to 5 projects side by side",
        ["vendor"] = "/momentum vendor <project> [add <org> <domain> [<domain> …] | remove <org> | reset]",
        ["alias"] = "/momentum alias <name> <owner/repo> [<owner/repo> …]  ·  alias <name> (where it resolves)  ·  alias <name> remove  ·  aliases",
        ["watchlist"] = "/momentum watchlist create|delete|show <name>  ·  watchlist add|remove <name> <project…>  ·  watchlist follow|unfollow <name> topic:<topic>  ·  watchlists",
        ["subscribe"] = "/momentum subscribe <watchlist> [alerts] [weekly [day=mon] [time=09:00] [tz=Europe/Berlin]] [sensitivity=low|normal|high] [exclude=<org,…>]  ·  unsubscribe <watchlist>  ·  subscriptions",
        ["watch"] = "/momentum watch <project> — adds it to this channel's watchlist",
        ["backtest"] = "/momentum backtest <project> [weeks=52] [sensitivity=low|normal|high]",
        ["who"] = "/momentum who <project> — the last 4 weeks' contributors by class and organisation, with the source of each",
        ["person"] = "/momentum person <login|email> [org <organisation> [from YYYY-MM-DD] [until YYYY-MM-DD] | clear] — who someone works for, in this workspace",
        ["timezone"] = "/momentum timezone [<Area/City>] — the workspace's time zone for weekly summaries",
        ["org"] = "/momentum org <organisation> — where its people contribute across this workspace's watchlists (quote names with spaces)",
        ["discover"] = "/momentum discover <topic> [stars<N] [language=<lang>] [limit=<n>] — rising projects in a GitHub topic, ranked by end-user momentum (limit 1–50, default 30)",
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
            "watchlist" => Watchlist(rest),
            "watchlists" => rest.Count == 0 ? new WatchlistCommand(WatchlistAction.List, null, []) : new InvalidCommand("'watchlists' takes no arguments.", Usage["watchlist"]),
            "subscribe" => Subscribe(rest),
            "unsubscribe" => rest.Count == 1 ? new UnsubscribeCommand(rest[0].ToLowerInvariant()) : new InvalidCommand("Unsubscribe from which watchlist?", Usage["subscribe"]),
            "subscriptions" => rest.Count == 0 ? new SubscriptionsCommand() : new InvalidCommand("'subscriptions' takes no arguments.", Usage["subscribe"]),
            "watch" => rest.Count == 1 ? new WatchCommand(rest[0]) : new InvalidCommand("Watch which project?", Usage["watch"]),
            "backtest" => Backtest(rest),
            "org" or "organization" or "organisation" => Organization(rest),
            "person" => Person(rest),
            "who" => rest.Count == 1 ? new WhoCommand(rest[0]) : new InvalidCommand(rest.Count == 0 ? "Who contributed to which project?" : "'who' takes one project.", Usage["who"]),
            "discover" => Discover(rest),
            "timezone" or "tz" => rest.Count <= 1 ? new TimeZoneCommand(rest.FirstOrDefault()) : new InvalidCommand("One time zone, like Europe/Berlin.", Usage["timezone"]),
            _ => Momentum(tokens),
        };
    }

    private static Command Discover(List<string> args)
    {
        if (args.Count == 0)
        {
            return new InvalidCommand("Discover which topic?", Usage["discover"]);
        }

        int? stars = null, limit = null;
        string? language = null;
        foreach (var option in args.Skip(1))
        {
            var text = option.Replace("&lt;", "<", StringComparison.Ordinal);
            var lower = text.ToLowerInvariant();
            if (lower.StartsWith("stars<", StringComparison.Ordinal) && int.TryParse(lower.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                stars = s;
            }
            else if (lower.StartsWith("language=", StringComparison.Ordinal) && text.Length > 9)
            {
                language = text[9..];
            }
            else if (lower.StartsWith("limit=", StringComparison.Ordinal) && int.TryParse(lower.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            {
                limit = l;
            }
            else
            {
                return new InvalidCommand($"I don't understand '{option}' (stars<N, language=<lang> or limit=1–50).", Usage["discover"]);
            }
        }

        var (query, error) = Reports.Discovery.DiscoverQuery.Create(args[0], stars, language, limit);
        return query is null ? new InvalidCommand(error!, Usage["discover"]) : new DiscoverCommand(query);
    }

    private static Command Organization(List<string> args)
    {
        if (args.Count == 0)
        {
            return new InvalidCommand("Which organisation?", Usage["org"]);
        }

        var name = string.Join(' ', args).Trim();
        return name.Length is 0 or > 100
            ? new InvalidCommand("An organisation name is 1–100 characters.", Usage["org"])
            : new OrganizationCommand(name);
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
        if (action == "reset")
        {
            return args.Count == 2 ? new VendorResetCommand(args[0]) : new InvalidCommand("'reset' takes nothing after it.", Usage["vendor"]);
        }

        if (action is not ("add" or "remove"))
        {
            return new InvalidCommand($"'{args[1]}' is not add, remove or reset.", Usage["vendor"]);
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
            if (!DomainNames.IsValid(domain))
            {
                return new InvalidCommand($"'{domain}' is not a domain name (like isovalent.com).", Usage["vendor"]);
            }
        }

        if (action == "add" && domains.Count == 0)
        {
            return new InvalidCommand(
                $"Add {organization} with at least one of its email domains (like {Example(organization)}): contributors are counted as vendor by their domain.",
                Usage["vendor"]);
        }

        if (action == "remove" && domains.Count > 0)
        {
            return new InvalidCommand("Remove takes just the organisation's name.", Usage["vendor"]);
        }

        return new VendorChangeCommand(args[0], action == "add", organization, domains);
    }

    private static Command Person(List<string> args)
    {
        if (args.Count == 0)
        {
            return new InvalidCommand("Which person? A GitHub login or an email address.", Usage["person"]);
        }

        var identity = args[0].Trim().TrimStart('@').ToLowerInvariant();
        if (!IsIdentity(identity))
        {
            return new InvalidCommand($"'{args[0]}' is neither a GitHub login (like octocat) nor an email address.", Usage["person"]);
        }

        if (args.Count == 1)
        {
            return new PersonShowCommand(identity);
        }

        var action = args[1].ToLowerInvariant();
        if (action == "clear")
        {
            return args.Count == 2 ? new PersonClearCommand(identity) : new InvalidCommand("'clear' takes nothing after it.", Usage["person"]);
        }

        if (action != "org")
        {
            return new InvalidCommand($"'{args[1]}' is not org or clear.", Usage["person"]);
        }

        // The organisation is every word up to "from" or "until", so "Grafana Labs" needs no quotes.
        var words = args.Skip(2).TakeWhile(a => !IsDateKeyword(a)).ToList();
        var organization = string.Join(' ', words).Trim();
        if (organization.Length == 0)
        {
            return new InvalidCommand($"Which organisation does {identity} work for?", Usage["person"]);
        }

        if (organization.Length > 100)
        {
            return new InvalidCommand("An organisation name is at most 100 characters.", Usage["person"]);
        }

        DateOnly? from = null, until = null;
        var options = args.Skip(2 + words.Count).ToList();
        for (var i = 0; i < options.Count; i += 2)
        {
            var keyword = options[i].ToLowerInvariant();
            if (i + 1 >= options.Count)
            {
                return new InvalidCommand($"'{keyword}' needs a date (YYYY-MM-DD).", Usage["person"]);
            }

            if (!DateOnly.TryParseExact(options[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return new InvalidCommand($"'{options[i + 1]}' is not a date: write it as YYYY-MM-DD (like 2024-03-01).", Usage["person"]);
            }

            if ((keyword == "from" ? from : until) is not null)
            {
                return new InvalidCommand($"'{keyword}' is given twice.", Usage["person"]);
            }

            if (keyword == "from")
            {
                from = date;
            }
            else
            {
                until = date;
            }
        }

        if (from is { } f && until is { } u && f >= u)
        {
            return new InvalidCommand($"'from {f:yyyy-MM-dd}' must be before 'until {u:yyyy-MM-dd}' (until is exclusive).", Usage["person"]);
        }

        return new PersonSetCommand(identity, organization, from, until);
    }

    private static bool IsDateKeyword(string word) => word.Equals("from", StringComparison.OrdinalIgnoreCase) || word.Equals("until", StringComparison.OrdinalIgnoreCase);

    /// <summary>A GitHub login (letters, digits, inner hyphens, up to 39) or an email address with a domain name.</summary>
    private static bool IsIdentity(string text)
    {
        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            var local = text[..at];
            return local.Length is > 0 and <= 64 && !local.Any(c => char.IsWhiteSpace(c) || c is '@' or '<' or '>' or '"') && DomainNames.IsValid(text[(at + 1)..]);
        }

        return text.Length is > 0 and <= 39 && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && text[0] != '-' && text[^1] != '-';
    }

    private static string Example(string organization)
    {
        var word = new string(organization.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        return (word.Length > 0 ? word : "example") + ".com";
    }

    private static Command Alias(List<string> args)
    {
        if (args.Count == 1)
        {
            return new AliasShowCommand(args[0]);
        }

        if (args.Count < 2)
        {
            return new InvalidCommand("An alias needs a name and at least one owner/repo.", Usage["alias"]);
        }

        var name = args[0].ToLowerInvariant();
        if (!SimpleNames.IsValid(name))
        {
            return new InvalidCommand($"'{args[0]}' can't be an alias: use letters, digits and '-', up to 40 characters.", Usage["alias"]);
        }

        if (args.Count == 2 && args[1].Equals("remove", StringComparison.OrdinalIgnoreCase))
        {
            return new AliasCommand(name, [], Remove: true);
        }

        return new AliasCommand(name, args.Skip(1).ToList(), Remove: false);
    }

    private static Command Watchlist(List<string> args)
    {
        if (args.Count == 0)
        {
            return new WatchlistCommand(WatchlistAction.List, null, []);
        }

        var action = args[0].ToLowerInvariant() switch
        {
            "create" or "new" => WatchlistAction.Create,
            "add" => WatchlistAction.Add,
            "remove" => WatchlistAction.Remove,
            "show" => WatchlistAction.Show,
            "delete" => WatchlistAction.Delete,
            "follow" => WatchlistAction.Follow,
            "unfollow" => WatchlistAction.Unfollow,
            _ => (WatchlistAction?)null,
        };
        if (action is not { } a)
        {
            return new InvalidCommand($"'{args[0]}' is not create, add, remove, show, delete, follow or unfollow.", Usage["watchlist"]);
        }

        if (args.Count < 2)
        {
            return new InvalidCommand($"Which watchlist to {args[0].ToLowerInvariant()}?", Usage["watchlist"]);
        }

        var name = args[1].ToLowerInvariant();
        if (!SimpleNames.IsValid(name))
        {
            return new InvalidCommand($"'{args[1]}' can't be a watchlist name: use a-z, 0-9 and '-', up to 40 characters.", Usage["watchlist"]);
        }

        var projects = args.Skip(2).ToList();
        if (a is WatchlistAction.Follow or WatchlistAction.Unfollow)
        {
            if (projects is not [var only] || !only.StartsWith("topic:", StringComparison.OrdinalIgnoreCase))
            {
                return new InvalidCommand($"Which topic to {args[0].ToLowerInvariant()}? Like: watchlist {args[0].ToLowerInvariant()} {name} topic:service-mesh", Usage["watchlist"]);
            }

            var (query, error) = Reports.Discovery.DiscoverQuery.Create(only["topic:".Length..], null, null, null);
            return query is null
                ? new InvalidCommand(error!, Usage["watchlist"])
                : new WatchlistCommand(a, name, []) { Topic = query.Topic };
        }

        if (a is WatchlistAction.Add or WatchlistAction.Remove && projects.Count == 0)
        {
            return new InvalidCommand($"Which projects to {args[0].ToLowerInvariant()}?", Usage["watchlist"]);
        }

        if (a is not (WatchlistAction.Add or WatchlistAction.Remove) && projects.Count > 0)
        {
            return new InvalidCommand($"'watchlist {args[0].ToLowerInvariant()}' takes just a name.", Usage["watchlist"]);
        }

        return new WatchlistCommand(a, name, projects);
    }

    private static Command Subscribe(List<string> args)
    {
        if (args.Count == 0)
        {
            return new InvalidCommand("Subscribe to which watchlist?", Usage["subscribe"]);
        }

        var watchlist = args[0].ToLowerInvariant();
        if (watchlist == "list" && args.Count == 1)
        {
            return new SubscriptionsCommand();
        }

        if (!SimpleNames.IsValid(watchlist) && !RepositoryId.TryParse(args[0], out _))
        {
            return new InvalidCommand($"'{args[0]}' is neither a watchlist name nor owner/repo.", Usage["subscribe"]);
        }

        bool alerts = false, weekly = false, scheduled = false;
        var sensitivity = Engine.Sensitivity.Normal;
        var day = DayOfWeek.Monday;
        var time = new TimeOnly(9, 0);
        string? timeZone = null;
        IReadOnlyList<string> exclude = [];
        foreach (var option in args.Skip(1))
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? option : option[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : option[(eq + 1)..];
            switch (key)
            {
                case "alerts" when eq < 0:
                    alerts = true;
                    break;
                case "weekly" when eq < 0:
                    weekly = true;
                    break;
                case "sensitivity" when ParseSensitivity(value) is { } s:
                    sensitivity = s;
                    break;
                case "day" when ParseDay(value) is { } d:
                    day = d;
                    scheduled = true;
                    break;
                case "time" when TimeOnly.TryParseExact(value, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t):
                    time = t;
                    scheduled = true;
                    break;
                case "tz" when value.Length > 0:
                    timeZone = value;
                    scheduled = true;
                    break;
                case "exclude" when value.Length > 0:
                    exclude = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                default:
                    return new InvalidCommand($"I don't understand '{option}'.", Usage["subscribe"]);
            }
        }

        if (alerts && !weekly && scheduled)
        {
            // day, time and tz say when the weekly summary comes: with alerts alone they would be dropped unseen.
            return new InvalidCommand(
                $"day=, time= and tz= set when the weekly summary comes, and this asks for alerts only. Add 'weekly' (/momentum subscribe {args[0]} alerts weekly {string.Join(' ', args.Skip(1).Where(a => a.Contains('=', StringComparison.Ordinal) && !a.StartsWith("sensitivity", StringComparison.OrdinalIgnoreCase) && !a.StartsWith("exclude", StringComparison.OrdinalIgnoreCase)))}) or leave them out.",
                Usage["subscribe"]);
        }

        if (!alerts && !weekly)
        {
            alerts = weekly = true;
        }

        return new SubscribeCommand(watchlist, alerts, weekly, sensitivity, day, time, timeZone, exclude);
    }

    private static Command Backtest(List<string> args)
    {
        if (args.Count == 0)
        {
            return new InvalidCommand("Backtest which project?", Usage["backtest"]);
        }

        var weeks = 52;
        Engine.Sensitivity? sensitivity = null;
        foreach (var option in args.Skip(1))
        {
            if (option.StartsWith("weeks=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(option.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w is >= 4 and <= 104)
            {
                weeks = w;
            }
            else if (option.StartsWith("sensitivity=", StringComparison.OrdinalIgnoreCase) && ParseSensitivity(option[12..]) is { } s)
            {
                sensitivity = s;
            }
            else
            {
                return new InvalidCommand($"I don't understand '{option}' (weeks is 4–104).", Usage["backtest"]);
            }
        }

        return new BacktestCommand(args[0], weeks, sensitivity);
    }

    private static Engine.Sensitivity? ParseSensitivity(string value) => value.ToLowerInvariant() switch
    {
        "low" => Engine.Sensitivity.Low,
        "normal" => Engine.Sensitivity.Normal,
        "high" => Engine.Sensitivity.High,
        _ => null,
    };

    private static DayOfWeek? ParseDay(string value)
    {
        var v = value.ToLowerInvariant();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var name = day.ToString().ToLowerInvariant();
            if (v.Length >= 3 && name.StartsWith(v, StringComparison.Ordinal))
            {
                return day;
            }
        }

        return null;
    }



    /// <summary>Splits on white space; "double" or “curly” quotes group words (for names like "Grafana Labs").</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c is '"' or '“' or '”')
            {
                quoted = !quoted;
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
            var token = current.ToString().Trim();
            if (token.Length > 0)
            {
                tokens.Add(token);
            }

            current.Clear();
        }
    }
}
