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

/// <summary><c>/momentum vendor &lt;project&gt; reset</c>: back to the catalog's (or the API's) list, recorded in the change log.</summary>
public sealed record VendorResetCommand(string Project) : Command;

/// <summary><c>/momentum alias &lt;name&gt;</c>: where a name resolves in this workspace (alias, catalog, owner/repo).</summary>
public sealed record AliasShowCommand(string Name) : Command;

/// <summary><c>/momentum alias &lt;name&gt; &lt;owner/repo&gt; …</c> or <c>alias &lt;name&gt; remove</c>.</summary>
public sealed record AliasCommand(string Name, IReadOnlyList<string> Repositories, bool Remove) : Command;

/// <summary><c>/momentum aliases</c></summary>
public sealed record AliasesCommand : Command;

/// <summary><c>/momentum watchlist create|add|remove|show|delete …</c> and <c>/momentum watchlists</c>.</summary>
public sealed record WatchlistCommand(WatchlistAction Action, string? Name, IReadOnlyList<string> Projects) : Command
{
    /// <summary>The GitHub topic of <c>watchlist follow|unfollow &lt;name&gt; topic:&lt;topic&gt;</c>.</summary>
    public string? Topic { get; init; }
}

public enum WatchlistAction
{
    List,
    Create,
    Add,
    Remove,
    Show,
    Delete,
    Follow,
    Unfollow,
}

/// <summary>
/// <c>/momentum subscribe &lt;watchlist&gt; [alerts] [weekly] [sensitivity=…] [day=…] [time=…] [tz=…] [exclude=…]</c>.
/// <see cref="Watchlist"/> may also be a project (<c>subscribe owner/repo</c>, as GitHub's own app is used): the handler
/// then does what <c>watch</c> does.
/// </summary>
public sealed record SubscribeCommand(
    string Watchlist,
    bool Alerts,
    bool Weekly,
    Engine.Sensitivity Sensitivity,
    DayOfWeek Day,
    TimeOnly Time,
    string? TimeZone,
    IReadOnlyList<string> Exclude) : Command;

/// <summary><c>/momentum unsubscribe &lt;watchlist&gt;</c></summary>
public sealed record UnsubscribeCommand(string Watchlist) : Command;

/// <summary><c>/momentum subscriptions</c> (of this channel)</summary>
public sealed record SubscriptionsCommand : Command;

/// <summary><c>/momentum watch &lt;project&gt;</c> — the card's Watch button: the project joins this channel's watchlist.</summary>
public sealed record WatchCommand(string Project) : Command;

/// <summary><c>/momentum backtest &lt;project&gt; [weeks=52] [sensitivity=…]</c></summary>
public sealed record BacktestCommand(string Project, int Weeks, Engine.Sensitivity? Sensitivity) : Command;

/// <summary><c>/momentum timezone [&lt;Area/City&gt;]</c> — the workspace's default time zone for summaries.</summary>
public sealed record TimeZoneCommand(string? TimeZone) : Command;

/// <summary><c>/momentum org &lt;organisation&gt;</c> — where its people contribute across this workspace's watchlists.</summary>
public sealed record OrganizationCommand(string Organization) : Command;

/// <summary><c>/momentum who &lt;project&gt;</c>: the window's contributors by class and organisation, with each affiliation's source.</summary>
public sealed record WhoCommand(string Project) : Command;

/// <summary><c>/momentum person &lt;login|email&gt;</c>: what Momentum believes, from which source, since when.</summary>
public sealed record PersonShowCommand(string Identity) : Command;

/// <summary><c>/momentum person &lt;login|email&gt; org &lt;organisation&gt; [from …] [until …]</c>: this workspace's override (until exclusive).</summary>
public sealed record PersonSetCommand(string Identity, string Organization, DateOnly? From, DateOnly? Until) : Command;

/// <summary><c>/momentum person &lt;login|email&gt; clear</c>: the workspace's override goes; its change log stays.</summary>
public sealed record PersonClearCommand(string Identity) : Command;

/// <summary><c>/momentum discover &lt;topic&gt; [stars&lt;N] [language=…] [limit=…]</c> — rising projects in a topic.</summary>
public sealed record DiscoverCommand(Reports.Discovery.DiscoverQuery Query) : Command;

/// <summary>Text that is not a valid command: what is wrong, and the usage line that would help.</summary>
public sealed record InvalidCommand(string Message, string Usage) : Command;
