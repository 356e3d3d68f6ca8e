using System.Diagnostics.Metrics;
using Momentum.Bot.Chat;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Commands;

/// <summary>Commands by platform, command and outcome, and how long they took (cached: answered without waiting for GitHub).</summary>
public sealed class CommandMetrics
{
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _duration;

    public CommandMetrics(IMeterFactory meters)
    {
        var meter = meters.CreateMomentumMeter();
        _commands = meter.CreateCounter<long>("momentum.commands", description: "Commands run, by platform, command and outcome (ok, invalid, error, busy)");
        _duration = meter.CreateHistogram<double>("momentum.command.duration", unit: "s", description: "How long commands took to their reply; cached=false when they waited for a GitHub scan",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Telemetry.InteractiveBuckets });
    }

    public void Ran(Platform platform, string command, string outcome, bool cached, TimeSpan elapsed)
    {
        var p = Telemetry.Tag("platform", platform.Name());
        var c = Telemetry.Tag("command", command);
        _commands.Add(1, p, c, Telemetry.Tag("outcome", outcome));
        _duration.Record(elapsed.TotalSeconds, p, c, Telemetry.Tag("cached", cached ? "true" : "false"));
    }

    /// <summary>The host had no room: the command never ran.</summary>
    public void Refused(Platform platform, Command command) =>
        _commands.Add(1, Telemetry.Tag("platform", platform.Name()), Telemetry.Tag("command", NameOf(command)), Telemetry.Tag("outcome", "busy"));

    /// <summary>A command's name as a metric label and span name: one word per family, never user text.</summary>
    public static string NameOf(Command command) => command switch
    {
        HelpCommand => "help",
        MomentumCommand => "momentum",
        CompareCommand => "compare",
        VendorShowCommand or VendorChangeCommand or VendorResetCommand => "vendor",
        AliasShowCommand or AliasCommand => "alias",
        AliasesCommand => "aliases",
        WatchlistCommand => "watchlist",
        SubscribeCommand => "subscribe",
        UnsubscribeCommand => "unsubscribe",
        SubscriptionsCommand => "subscriptions",
        WatchCommand => "watch",
        TimeZoneCommand => "timezone",
        BacktestCommand => "backtest",
        WhoCommand => "who",
        PersonShowCommand or PersonSetCommand or PersonClearCommand => "person",
        OrganizationCommand => "org",
        DiscoverCommand => "discover",
        InvalidCommand => "invalid",
        _ => "other",
    };
}
