using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Commands;

/// <summary>Watchlists, channel subscriptions, the card's Watch button and the workspace time zone.</summary>
public sealed class WatchlistCommands(WatchlistStore watchlists, ReportService reports, ProjectLookup projects, IOptions<MomentumOptions> options, TimeProvider time)
{
    public async Task<Reply> WatchlistAsync(WatchlistCommand command, CommandContext context)
    {
        var name = command.Name ?? "";
        switch (command.Action)
        {
            case WatchlistAction.List:
                {
                    var all = await watchlists.AllAsync(context.Workspace);
                    var subscriptions = await watchlists.SubscriptionsAsync(context.Workspace);
                    return new Reply
                    {
                        Title = "Watchlists in this workspace",
                        Summary = all.Count == 0 ? "No watchlists yet" : Count(all.Count, "watchlist"),
                        Sections = [new ReplySection(null, all.Count == 0
                            ? ["None yet. " + CommandParser.Usage["watchlist"]]
                            : all.Select(w => $"• {w.Name}: {Count(w.Projects.Count, "project")}, {Count(subscriptions.Count(s => s.Watchlist == w.Name), "channel subscription")}").ToArray())],
                    };
                }

            case WatchlistAction.Create:
                if (await watchlists.GetAsync(context.Workspace, name) is not null)
                {
                    return Reply.Error("Already exists", $"This workspace already has a watchlist '{name}'.");
                }

                if (await watchlists.CountAsync(context.Workspace) >= WatchlistStore.MaxWatchlists)
                {
                    return Reply.Error("Too many watchlists", $"A workspace has at most {WatchlistStore.MaxWatchlists} watchlists; delete one first.");
                }

                await watchlists.SaveAsync(context.Workspace, new Watchlist(name, [], context.User, time.GetUtcNow()));
                return Reply.Done($"Watchlist {name} created", $"Add projects with /momentum watchlist add {name} <project…>, then /momentum subscribe {name}.");

            case WatchlistAction.Delete:
                if (!await watchlists.DeleteAsync(context.Workspace, name))
                {
                    return NoWatchlist(name);
                }

                return Reply.Done($"Watchlist {name} deleted", "Its channel subscriptions are gone too.");

            case WatchlistAction.Show:
                {
                    if (await watchlists.GetAsync(context.Workspace, name) is not { } watchlist)
                    {
                        return NoWatchlist(name);
                    }

                    var subscriptions = (await watchlists.SubscriptionsAsync(context.Workspace)).Where(s => s.Watchlist == name).ToList();
                    return new Reply
                    {
                        Title = $"Watchlist {name}",
                        Summary = $"{name}: {Count(watchlist.Projects.Count, "project")}",
                        Sections =
                        [
                            new ReplySection($"Projects ({watchlist.Projects.Count}/{WatchlistStore.MaxProjects})", watchlist.Projects.Count == 0 ? ["None yet."] : ProjectLines(watchlist.Projects)),
                            new ReplySection("Subscribed channels", subscriptions.Count == 0 ? ["None."] : subscriptions.Select(Describe).ToArray()),
                            new ReplySection("Topics followed", watchlist.Topics.Count == 0
                                ? [$"None. The weekly summary can list a topic's new entrants: /momentum watchlist follow {name} topic:<topic>"]
                                : watchlist.Topics.Select(t => $"• topic:{t} (new entrants in the weekly summary)").ToArray()),
                        ],
                        Notes = [$"Created by {watchlist.CreatedBy} on {watchlist.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", Invariant)}."],
                    };
                }

            case WatchlistAction.Follow or WatchlistAction.Unfollow:
                return await FollowAsync(command, context);

            default:
                return await ChangeWatchlistAsync(command, context);
        }
    }

    /// <summary>At most this many topics per watchlist: each costs a discovery a day when its summary is due.</summary>
    public const int MaxTopics = 5;

    private async Task<Reply> FollowAsync(WatchlistCommand command, CommandContext context)
    {
        var name = command.Name!;
        var topic = command.Topic!;
        if (await watchlists.GetAsync(context.Workspace, name) is not { } watchlist)
        {
            return NoWatchlist(name);
        }

        var topics = watchlist.Topics.ToList();
        if (command.Action == WatchlistAction.Unfollow)
        {
            if (!topics.Remove(topic))
            {
                return Reply.Error("Not followed", $"{name} does not follow topic:{topic}.");
            }

            await watchlists.SaveAsync(context.Workspace, watchlist with { Topics = topics });
            return Reply.Done($"{name} no longer follows topic:{topic}", "Its weekly summary stops listing the topic's new entrants.");
        }

        if (!topics.Contains(topic, StringComparer.Ordinal))
        {
            if (topics.Count >= MaxTopics)
            {
                return Reply.Error("Too many topics", $"A watchlist follows at most {MaxTopics} topics; unfollow one first.");
            }

            topics.Add(topic);
            await watchlists.SaveAsync(context.Workspace, watchlist with { Topics = topics });
        }

        return Reply.Done(
            $"{name} follows topic:{topic}",
            $"Each weekly summary of {name} lists the projects in topic:{topic} that crossed the discovery bar since the last one, with a Watch button (subscribe a channel with /momentum subscribe {name} weekly).");
    }

    private async Task<Reply> ChangeWatchlistAsync(WatchlistCommand command, CommandContext context)
    {
        var name = command.Name!;
        if (await watchlists.GetAsync(context.Workspace, name) is not { } watchlist)
        {
            return NoWatchlist(name);
        }

        var projects = watchlist.Projects.ToList();
        var unknown = new List<string>();
        var notInDemo = new List<string>();
        var changed = new List<string>();
        foreach (var text in command.Projects)
        {
            var key = text.Trim().ToLowerInvariant();
            if (command.Action == WatchlistAction.Remove)
            {
                if (projects.Remove(key))
                {
                    changed.Add(key);
                }
                else
                {
                    unknown.Add(text);
                }

                continue;
            }

            if (await reports.ResolveAsync(context.Workspace, text) is not { } found)
            {
                unknown.Add(text);
            }
            else if (options.Value.Demo && !ProjectCatalog.IsDemo(found))
            {
                notInDemo.Add(text);
            }
            else if (!projects.Contains(key, StringComparer.Ordinal))
            {
                if (projects.Count >= WatchlistStore.MaxProjects)
                {
                    return Reply.Error("Watchlist full", $"{name} already has {WatchlistStore.MaxProjects} projects.");
                }

                projects.Add(key);
                changed.Add(key);
            }
        }

        await watchlists.SaveAsync(context.Workspace, watchlist with { Projects = projects });
        var lines = new List<string>();
        if (changed.Count > 0)
        {
            lines.Add($"{(command.Action == WatchlistAction.Add ? "Added" : "Removed")}: {string.Join(", ", changed)}.");
        }

        if (unknown.Count > 0)
        {
            lines.Add(command.Action == WatchlistAction.Add
                ? $"Not projects I know (catalog names, aliases or owner/repo): {string.Join(", ", unknown)}."
                : $"Not in {name}: {string.Join(", ", unknown)}.");
        }

        if (notInDemo.Count > 0)
        {
            lines.Add($"Not in the demo (it serves only its own projects): {string.Join(", ", notInDemo)}.");
        }

        lines.Add($"{name} now has {Count(projects.Count, "project")}.");
        return new Reply
        {
            Title = $"Watchlist {name} updated",
            Tone = unknown.Count + notInDemo.Count > 0 ? ReplyTone.Warning : ReplyTone.Success,
            Summary = lines[0],
            Sections = [new ReplySection(null, lines)],
        };
    }

    public async Task<Reply> SubscribeAsync(SubscribeCommand command, CommandContext context)
    {
        if (context.Channel is not { Length: > 0 } channel)
        {
            return Reply.Error("No channel", "Subscribe from the channel that should get the alerts and summaries.");
        }

        if (!SimpleNames.IsValid(command.Watchlist) || await watchlists.GetAsync(context.Workspace, command.Watchlist) is null)
        {
            // "subscribe cilium" / "subscribe owner/repo" (how GitHub's own app is used): a project, not a watchlist.
            if (await reports.ResolveAsync(context.Workspace, command.Watchlist) is not null)
            {
                var watched = await WatchAsync(new WatchCommand(command.Watchlist), context);
                if (watched.Tone == ReplyTone.Error)
                {
                    return watched;
                }

                var lines = watched.Sections.SelectMany(s => s.Lines).ToList();
                if (HasOptions(command) && (await watchlists.SubscriptionsAsync(context.Workspace)).FirstOrDefault(s => s.Platform == context.Platform && s.Channel == channel) is { } mine)
                {
                    // The options given apply to the channel's watchlist the project joined, not dropped.
                    var subscribed = await SubscribeAsync(command with { Watchlist = mine.Watchlist }, context);
                    lines.Add(subscribed.Sections.SelectMany(s => s.Lines).FirstOrDefault() ?? "");
                }

                return watched with
                {
                    Sections = [new ReplySection(null, lines)],
                    Notes = [$"'{command.Watchlist}' is a project, not a watchlist, so I did what /momentum watch {command.Watchlist} does. Watchlists: /momentum watchlists · this channel's subscriptions: /momentum subscriptions."],
                };
            }

            return NoWatchlist(command.Watchlist);
        }

        var zone = command.TimeZone ?? await watchlists.TimeZoneAsync(context.Workspace) ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            return Reply.Error("Unknown time zone", $"'{zone}' is not a time zone name like Europe/Berlin or America/New_York.");
        }

        var subscription = new Subscription(context.Platform, context.Workspace, channel, command.Watchlist, command.Alerts, command.Weekly,
            command.Sensitivity, command.Day, command.Time, zone, command.Exclude, context.User, time.GetUtcNow());
        await watchlists.SubscribeAsync(subscription);
        return Reply.Done($"This channel is subscribed to {command.Watchlist}", Describe(subscription));
    }

    /// <summary>Whether the command says more than a bare <c>subscribe &lt;name&gt;</c> (which means alerts and a Monday 09:00 summary).</summary>
    private static bool HasOptions(SubscribeCommand c) =>
        !(c.Alerts && c.Weekly) || c.Sensitivity != Sensitivity.Normal || c.Day != DayOfWeek.Monday || c.Time != new TimeOnly(9, 0) || c.TimeZone is not null || c.Exclude.Count > 0;

    public async Task<Reply> UnsubscribeAsync(UnsubscribeCommand command, CommandContext context)
    {
        var id = Subscription.IdOf(context.Platform, context.Channel ?? "", command.Watchlist);
        if (!await watchlists.UnsubscribeAsync(context.Workspace, id))
        {
            return Reply.Error("Not subscribed", $"This channel is not subscribed to '{command.Watchlist}'.");
        }

        return Reply.Done($"Unsubscribed from {command.Watchlist}", "No more alerts or summaries for it in this channel.");
    }

    public async Task<Reply> SubscriptionsAsync(CommandContext context)
    {
        var mine = (await watchlists.SubscriptionsAsync(context.Workspace)).Where(s => s.Platform == context.Platform && s.Channel == context.Channel).ToList();
        return new Reply
        {
            Title = "Subscriptions of this channel",
            Summary = mine.Count == 0 ? "No subscriptions in this channel" : Count(mine.Count, "subscription"),
            Sections = [new ReplySection(null, mine.Count == 0 ? ["None. " + CommandParser.Usage["subscribe"]] : mine.Select(Describe).ToArray())],
        };
    }

    /// <summary>The Watch button: the project joins the watchlist this channel subscribes to (or a new one for the channel).</summary>
    public async Task<Reply> WatchAsync(WatchCommand command, CommandContext context)
    {
        var (found, unknown) = await projects.FindAsync(command.Project, context);
        if (found is null)
        {
            return unknown!;
        }

        if (context.Channel is not { Length: > 0 } channel)
        {
            return Reply.Error("No channel", "Watch from the channel that should hear about it.");
        }

        var existing = (await watchlists.SubscriptionsAsync(context.Workspace)).FirstOrDefault(s => s.Platform == context.Platform && s.Channel == channel);
        var name = existing?.Watchlist ?? ChannelWatchlistName(channel);
        var watchlist = await watchlists.GetAsync(context.Workspace, name);
        if (watchlist is null)
        {
            if (await watchlists.CountAsync(context.Workspace) >= WatchlistStore.MaxWatchlists)
            {
                return Reply.Error("Too many watchlists", $"A workspace has at most {WatchlistStore.MaxWatchlists} watchlists.");
            }

            watchlist = new Watchlist(name, [], context.User, time.GetUtcNow());
        }

        var project = command.Project.Trim().ToLowerInvariant();
        if (watchlist.Projects.Count >= WatchlistStore.MaxProjects && !watchlist.Projects.Contains(project))
        {
            return Reply.Error("Watchlist full", $"{name} already has {WatchlistStore.MaxProjects} projects.");
        }

        await watchlists.SaveAsync(context.Workspace, watchlist with { Projects = watchlist.Projects.Append(project).Distinct(StringComparer.Ordinal).ToArray() });
        var lines = new List<string> { $"{project} is on watchlist {name}." };
        if (existing is null)
        {
            var zone = await watchlists.TimeZoneAsync(context.Workspace) ?? "UTC";
            var subscription = new Subscription(context.Platform, context.Workspace, channel, name, true, true, Sensitivity.Normal, DayOfWeek.Monday, new TimeOnly(9, 0), zone, [], context.User, time.GetUtcNow());
            await watchlists.SubscribeAsync(subscription);
            lines.Add("This channel now gets its end-user spike alerts and a weekly summary (Monday 09:00 " + zone + "). Change with /momentum subscribe " + name + " …");
        }

        return Reply.Done($"Watching {project}", string.Join(" ", lines));
    }

    public async Task<Reply> TimeZoneAsync(TimeZoneCommand command, CommandContext context)
    {
        if (command.TimeZone is null)
        {
            var zone = await watchlists.TimeZoneAsync(context.Workspace) ?? "UTC";
            return Reply.Text("Workspace time zone", $"Weekly summaries default to {zone}. Change with /momentum timezone <Area/City>.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(command.TimeZone, out var found))
        {
            return Reply.Error("Unknown time zone", $"'{command.TimeZone}' is not a time zone name like Europe/Berlin.");
        }

        await watchlists.SetTimeZoneAsync(context.Workspace, found.Id);
        return Reply.Done("Workspace time zone set", $"New subscriptions default to {found.Id}; existing ones keep theirs.");
    }

    public static string Describe(Subscription s) =>
        $"{s.Watchlist} in {s.Channel}: {(s.Alerts && s.Weekly ? "alerts + weekly summary" : s.Alerts ? "alerts" : "weekly summary")}"
        + (s.Weekly ? $" on {s.Day} at {s.Time.ToString("HH:mm", Invariant)} {s.TimeZone}" : "")
        + $", sensitivity {s.Sensitivity.ToString().ToLowerInvariant()}"
        + (s.Exclude.Count > 0 ? $", excluding {string.Join(", ", s.Exclude)}" : "");

    /// <summary>
    /// The projects, a few per line: a line never nears a platform's text limit, so renderers split a long list over
    /// several blocks instead of cutting it.
    /// </summary>
    internal static string[] ProjectLines(IReadOnlyList<string> projects) =>
        projects.Chunk(ProjectsPerLine).Select(chunk => string.Join(", ", chunk)).ToArray();

    private const int ProjectsPerLine = 20;

    private static string ChannelWatchlistName(string channel)
    {
        var clean = new string(channel.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray());
        var name = "watch-" + (clean.Length > 0 ? clean : "channel");
        return name.Length > 40 ? name[..40] : name;
    }

    private static Reply NoWatchlist(string name) => Reply.Error(
        "No such watchlist",
        $"This workspace has no watchlist '{name}', and it names no project either.",
        "Follow a project in this channel: /momentum watch <project> · list watchlists: /momentum watchlists · this channel's subscriptions: /momentum subscriptions · make one: /momentum watchlist create <name>");
}
