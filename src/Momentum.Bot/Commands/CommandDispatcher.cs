using Momentum.Bot.Chat;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;

namespace Momentum.Bot.Commands;

/// <summary>
/// Runs a parsed command with the handler of its family and answers with a platform-neutral <see cref="Reply"/>. The
/// one failure path: bad input and failures come back as error replies (and are logged), never as exceptions, except
/// cancellation.
/// </summary>
public sealed partial class CommandDispatcher(
    CardCommands cards,
    WatchlistCommands watchlists,
    VendorCommands vendors,
    AliasCommands aliases,
    BacktestCommands backtests,
    OrganizationCommands organizations,
    PersonCommands people,
    DiscoverCommands discoveries,
    HelpCommands help,
    StoreGeneration generation,
    CommandMetrics metrics,
    TimeProvider time,
    ILogger<CommandDispatcher> logger)
{
    public async Task<Reply> RunAsync(Command command, CommandContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var name = CommandMetrics.NameOf(command);
        using var scope = CommandLog.BeginScope(logger, context);
        using var span = Telemetry.Source.StartActivity("command " + name);
        span?.SetTag("momentum.platform", context.Platform.Name()).SetTag("momentum.command", name).SetTag("momentum.workspace", context.Workspace);
        var started = time.GetTimestamp();
        var cached = true;
        var onSlow = context.OnSlow;
        var reply = await RunCommandAsync(command, context with { OnSlow = () => { cached = false; onSlow?.Invoke(); } }, cancellationToken);
        var outcome = command is InvalidCommand ? "invalid" : reply.Tone == ReplyTone.Error ? "error" : "ok";
        metrics.Ran(context.Platform, name, outcome, cached, time.GetElapsedTime(started));
        span?.SetTag("momentum.outcome", outcome).SetTag("momentum.cached", cached);
        if (outcome == "error")
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, reply.Title);
        }

        // A store that came back empty is said in every reply until it is old news (see StoreGeneration).
        return generation.LostAt is null ? reply : reply with { Notes = [.. reply.Notes, StoreGeneration.LostWarning] };
    }

    private async Task<Reply> RunCommandAsync(Command command, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return command switch
            {
                HelpCommand => help.Help(context.Platform),
                InvalidCommand invalid => Reply.Error("That didn't parse", invalid.Message, $"Usage: {invalid.Usage}"),
                MomentumCommand m => await cards.MomentumAsync(m, context, cancellationToken),
                CompareCommand c => await cards.CompareAsync(c, context, cancellationToken),
                VendorShowCommand v => await vendors.ShowAsync(v, context),
                VendorChangeCommand v => await vendors.ChangeAsync(v, context),
                VendorResetCommand v => await vendors.ResetAsync(v, context),
                AliasShowCommand a => await aliases.ShowAsync(a, context),
                AliasCommand a => await aliases.ChangeAsync(a, context),
                AliasesCommand => await aliases.ListAsync(context),
                WatchlistCommand w => await watchlists.WatchlistAsync(w, context),
                SubscribeCommand s => await watchlists.SubscribeAsync(s, context),
                UnsubscribeCommand u => await watchlists.UnsubscribeAsync(u, context),
                SubscriptionsCommand => await watchlists.SubscriptionsAsync(context),
                WatchCommand w => await watchlists.WatchAsync(w, context),
                TimeZoneCommand t => await watchlists.TimeZoneAsync(t, context),
                BacktestCommand b => await backtests.RunAsync(b, context, cancellationToken),
                OrganizationCommand o => await organizations.OrganizationAsync(o, context, cancellationToken),
                WhoCommand w => await cards.WhoAsync(w, context, cancellationToken),
                PersonShowCommand p => await people.ShowAsync(p, context),
                PersonSetCommand p => await people.SetAsync(p, context),
                PersonClearCommand p => await people.ClearAsync(p, context),
                DiscoverCommand d => await discoveries.DiscoverAsync(d, context),
                _ => Reply.Error("Not available yet", $"'{command.GetType().Name}' has no handler here."),
            };
        }
        catch (RepositoryNotFoundException ex)
        {
            return Reply.Error("No such repository", ex.Message);
        }
        catch (GitHubUnavailableException ex)
        {
            return ex.Failure == GitHubFailure.Unreachable
                ? Reply.Error(
                    "GitHub can't be reached",
                    $"{Sentence(ex.Message)} Nothing is stored for this project yet, so there is no answer to give; try again in a few minutes.",
                    "No network? Run Momentum with --demo to try it on a generated, labelled history.")
                : Reply.Error(
                    ex.Failure == GitHubFailure.RateLimited ? "GitHub is rate-limiting us" : "GitHub can't be reached",
                    $"{Sentence(ex.Message)} Nothing is stored for this project yet, so there is no answer to give; try again in a few minutes.");
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex))
        {
            StoreDown(logger, context.Platform.Name(), ex.Message);
            return Reply.Error("Store unavailable", StoreUnavailable.Message);
        }
#pragma warning disable CA1031 // Whatever breaks, the user gets an answer rather than silence; the failure is logged.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            CommandFailed(logger, context.Platform.Name(), context.Workspace, ex);
            return Reply.Error("Something went wrong", "The command failed on our side and has been logged. Try again in a minute.");
        }
    }

    private static string Sentence(string text) => text.TrimEnd() is var t && t.EndsWith('.') ? t : t + ".";

    [LoggerMessage(1, LogLevel.Error, "A {Platform} command from workspace {Workspace} failed")]
    private static partial void CommandFailed(ILogger logger, string platform, string workspace, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "A {Platform} command met an unavailable store: {Reason}")]
    private static partial void StoreDown(ILogger logger, string platform, string reason);
}
