using System.Globalization;
using Microsoft.Extensions.Options;
using Momentum.Bot.Catalog;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Reports;
using Momentum.Bot.Store;
using Momentum.Engine;

namespace Momentum.Bot.Commands;

/// <summary>Runs parsed commands and answers with a platform-neutral <see cref="Reply"/>. Never throws for bad input.</summary>
public sealed partial class CommandRunner(
    MomentumService momentum,
    WorkspaceReports reports,
    ProjectCatalog catalog,
    WorkspaceStore workspaces,
    WatchlistStore watchlists,
    TimeProvider time,
    IOptions<MomentumOptions> options,
    ILogger<CommandRunner> logger)
{
    // Cards of stored reports, by the report's key and the command's arguments: many people asking about a popular
    // project get the card built once (until its data changes, which changes the key).
    private readonly RecentCache<string, Reply> _cards = new(time, TimeSpan.FromMinutes(5), 512);

    /// <summary>The card's "Compare with…" menu lists this many catalog projects.</summary>
    public const int MaxCompareOptions = 25;

    /// <summary>Whether the command can be answered from stored data right away (no GitHub scan needed).</summary>
    public async Task<bool> IsQuickAsync(Command command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (command is MomentumCommand { Refresh: true })
        {
            return false;
        }

        IReadOnlyList<string> projects = command switch
        {
            MomentumCommand m => [m.Project],
            CompareCommand c => c.Projects,
            BacktestCommand b => [b.Project],
            _ => [],
        };
        foreach (var text in projects)
        {
            if (await ResolveAsync(text, context.Workspace) is { } project && !await momentum.IsFreshAsync(project))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs a command. Never throws except on cancellation: failures come back as error replies (and are logged).</summary>
    public async Task<Reply> RunAsync(Command command, CommandContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return command switch
            {
                HelpCommand => Help(context.Platform),
                InvalidCommand invalid => Reply.Error("That didn't parse", invalid.Message, $"Usage: {invalid.Usage}"),
                MomentumCommand m => await MomentumAsync(m, context, cancellationToken),
                CompareCommand c => await CompareAsync(c, context, cancellationToken),
                VendorShowCommand v => await VendorShowAsync(v, context),
                VendorChangeCommand v => await VendorChangeAsync(v, context),
                AliasCommand a => await AliasAsync(a, context),
                AliasesCommand => await AliasesAsync(context),
                WatchlistCommand w => await WatchlistAsync(w, context),
                SubscribeCommand s => await SubscribeAsync(s, context),
                UnsubscribeCommand u => await UnsubscribeAsync(u, context),
                SubscriptionsCommand => await SubscriptionsAsync(context),
                WatchCommand w => await WatchAsync(w, context),
                BacktestCommand b => await BacktestAsync(b, context, cancellationToken),
                TimeZoneCommand t => await TimeZoneAsync(t, context),
                _ => Reply.Error("Not available yet", $"'{command.GetType().Name}' has no handler here."),
            };
        }
        catch (RepositoryNotFoundException ex)
        {
            return Reply.Error("No such repository", ex.Message);
        }
        catch (GitHubUnavailableException ex)
        {
            return Reply.Error(
                ex.Failure == GitHubFailure.RateLimited ? "GitHub is rate-limiting us" : "GitHub can't be reached",
                $"{ex.Message} Nothing is stored for this project yet, so there is no answer to give; try again in a few minutes.");
        }
#pragma warning disable CA1031 // Whatever breaks, the user gets an answer rather than silence; the failure is logged.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            CommandFailed(logger, context.Platform, context.Workspace, ex);
            return Reply.Error("Something went wrong", "The command failed on our side and has been logged. Try again in a minute.");
        }
    }

    [LoggerMessage(1, LogLevel.Error, "A {Platform} command from workspace {Workspace} failed")]
    private static partial void CommandFailed(ILogger logger, string platform, string workspace, Exception exception);

    /// <summary>A project by alias (this workspace's), catalog name or alias, or owner/repo; null when none matches.</summary>
    public async Task<Project?> ResolveAsync(string text, string workspace)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text.Trim().ToLowerInvariant();
        if (CommandParser.IsName(name) && await workspaces.GetAliasAsync(workspace, name) is { } repositories)
        {
            var ids = repositories.Select(RepositoryId.Parse).ToArray();
            var vendors = ids.SelectMany(id => catalog.ForRepository(id).Vendors).DistinctBy(v => v.Name).ToArray();
            return new Project(name, ids, vendors, InCatalog: false);
        }

        return catalog.TryResolve(text, out var project) ? project : null;
    }

    private async Task<Reply> MomentumAsync(MomentumCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        if (await ResolveAsync(command.Project, context.Workspace) is not { } project)
        {
            return await UnknownProjectAsync(command.Project, context);
        }

        var report = await ReportAsync(project, context, command.Refresh, cancellationToken);
        var key = report.CacheKey is { } reportKey ? $"{reportKey}|{command.Project}|{command.Public}" : null;
        if (key is not null && _cards.TryGet(key, out var card))
        {
            return card;
        }

        card = BuildCard(report, project, command) with { CacheKey = key };
        if (key is not null)
        {
            _cards.Set(key, card);
        }

        return card;
    }

    private Reply BuildCard(ProjectReport report, Project project, MomentumCommand command)
    {
        // Projects of the same GitHub owner first (sibling projects), then the catalog's order.
        var owner = project.Repositories.Count > 0 ? project.Repositories[0].Owner : null;
        var others = catalog.Projects.Where(p => p.Name != project.Name)
            .OrderBy(p => p.Repositories.Any(r => string.Equals(r.Owner, owner, StringComparison.OrdinalIgnoreCase)) ? 0 : 1)
            .Take(MaxCompareOptions)
            .Select(p => new ReplyOption(p.Name, $"{command.Project} {p.Name}")).ToArray();
        return MomentumCard.Build(report, command.Project, command.Public, options.Value.Demo) with
        {
            Choices = others.Length > 0 ? [new ReplyChoice("compare", "Compare with…", others)] : [],
        };
    }

    private Task<ProjectReport> ReportAsync(Project project, CommandContext context, bool refresh, CancellationToken cancellationToken) =>
        reports.GetAsync(project, context.Workspace, refresh, cancellationToken: cancellationToken);

    private async Task<Reply> CompareAsync(CompareCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        var reports = new List<ProjectReport>();
        foreach (var text in command.Projects)
        {
            if (await ResolveAsync(text, context.Workspace) is not { } project)
            {
                return await UnknownProjectAsync(text, context);
            }

            reports.Add(await ReportAsync(project, context, refresh: false, cancellationToken));
        }

        string[] Row(string label, Func<MomentumReport, string> value) => reports.Select(r => value(r.Report)).Prepend(label).ToArray();
        var rows = new List<IReadOnlyList<string>>
        {
            Row("Momentum", x => $"{x.Momentum.Score} {x.Momentum.Trend}"),
            Row("Active (4 wk)", x => x.Window.ActiveContributors.ToString("N0", CultureInfo.InvariantCulture)),
            Row("New (4 wk)", x => x.Window.NewContributors.ToString("N0", CultureInfo.InvariantCulture)),
            Row("End-user share", x => MomentumCard.Pct(x.Window.EndUserShare)),
            Row("Unknown share", x => MomentumCard.Pct(x.Window.UnknownShare)),
            Row("End-user orgs", x => x.Window.EndUserOrganizations.ToString(CultureInfo.InvariantCulture)),
            Row("Merged PRs/wk", x => x.Window.MergedPullRequestsPerWeek.ToString("0.#", CultureInfo.InvariantCulture)),
            Row("First response", x => x.Window.MedianHoursToFirstResponse is { } h ? h.ToString("0.#", CultureInfo.InvariantCulture) + " h" : "n/a"),
            Row("Spike (4 wk)", x => x.Spikes.Any(s => s.WeekStart >= x.Window.Start) ? "yes" : "—"),
        };
        var leader = reports.OrderByDescending(r => r.Report.Momentum.Score).First();
        return new Reply
        {
            Title = $"Compare: {string.Join(" vs ", reports.Select(r => r.Project))}",
            Subtitle = "Last 4 complete weeks; momentum against the 12 weeks before",
            Summary = $"{leader.Project} leads with momentum {leader.Report.Momentum.Score}/100 ({string.Join(", ", reports.Select(r => $"{r.Project} {r.Report.Momentum.Score}"))})",
            Table = new ReplyTable(reports.Select(r => r.Project).Prepend("").ToArray(), rows),
            Sections = reports.Select(r => new ReplySection(r.Project, [r.Report.Momentum.Drivers.Count > 0 ? "Why: " + string.Join("; ", r.Report.Momentum.Drivers) : "Why: nothing moved"])).ToArray(),
            Notes = reports.SelectMany(r => r.Report.DataQuality.Warnings.Select(warning => $"{r.Project}: {warning}")).Distinct(StringComparer.Ordinal).Take(6).ToArray(),
        };
    }

    private async Task<Reply> VendorShowAsync(VendorShowCommand command, CommandContext context)
    {
        if (await ResolveAsync(command.Project, context.Workspace) is not { } project)
        {
            return await UnknownProjectAsync(command.Project, context);
        }

        var (overrides, vendors, source) = await reports.VendorsAsync(project, context.Workspace);
        var lines = vendors.Count == 0
            ? ["No vendor organisations: every known organisation counts as end-user."]
            : vendors.Select(v => $"• {v.Name}{(v.Domains.Count > 0 ? " — " + string.Join(", ", v.Domains) : "")}").ToArray();
        var sections = new List<ReplySection> { new($"Vendors ({source})", lines) };
        if (overrides?.Changes is { Count: > 0 } changes)
        {
            sections.Add(new ReplySection("Changes in this workspace", changes.TakeLast(10).Reverse().Select(c =>
                $"{c.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · {c.By} {c.Action} {c.Organization}{(c.Domains.Count > 0 ? " (" + string.Join(", ", c.Domains) + ")" : "")}").ToArray()));
        }

        return new Reply
        {
            Title = $"{project.Name} vendors",
            Summary = $"{project.Name} vendors: {(vendors.Count == 0 ? "none" : string.Join(", ", vendors.Select(v => v.Name)))}",
            Sections = sections,
            Notes = ["Contributors from these organisations count as vendor; any other known organisation is end-user.", $"Change: {CommandParser.Usage["vendor"]}"],
        };
    }

    private async Task<Reply> VendorChangeAsync(VendorChangeCommand command, CommandContext context)
    {
        if (await ResolveAsync(command.Project, context.Workspace) is not { } project)
        {
            return await UnknownProjectAsync(command.Project, context);
        }

        var (overrides, vendors, _) = await reports.VendorsAsync(project, context.Workspace);
        var current = vendors.Select(v => new WorkspaceVendor(v.Name, v.Domains)).ToList();
        var key = OrganizationNames.Key(command.Organization);
        var existing = current.FindIndex(v => OrganizationNames.Key(v.Name) == key);
        if (command.Add)
        {
            if (existing >= 0)
            {
                current[existing] = current[existing] with { Domains = current[existing].Domains.Union(command.Domains, StringComparer.Ordinal).ToArray() };
            }
            else if (current.Count >= 50)
            {
                return Reply.Error("Too many vendors", $"{project.Name} already has 50 vendor organisations in this workspace.");
            }
            else
            {
                current.Add(new WorkspaceVendor(command.Organization, command.Domains));
            }
        }
        else
        {
            if (existing < 0)
            {
                return Reply.Error("Not a vendor", $"{command.Organization} is not in {project.Name}'s vendor list. Current: {(current.Count == 0 ? "none" : string.Join(", ", current.Select(v => v.Name)))}.");
            }

            current.RemoveAt(existing);
        }

        var change = new VendorChange(context.User, time.GetUtcNow(), command.Add ? "added" : "removed", command.Organization, command.Domains);
        await workspaces.SaveVendorsAsync(context.Workspace, project.Name, current, change, overrides?.Changes ?? []);
        return new Reply
        {
            Title = $"{project.Name} vendors updated",
            Tone = ReplyTone.Success,
            Summary = $"{command.Organization} {(command.Add ? "added to" : "removed from")} {project.Name}'s vendors for this workspace",
            Sections = [new ReplySection(null, [$"{command.Organization} {(command.Add ? "added" : "removed")}. Vendors now: {(current.Count == 0 ? "none" : string.Join(", ", current.Select(v => v.Name)))}."])],
            Notes = ["Stored activity is reclassified at once; nothing is fetched again. Only this workspace sees the change."],
        };
    }

    private async Task<Reply> AliasAsync(AliasCommand command, CommandContext context)
    {
        if (command.Remove)
        {
            return await workspaces.RemoveAliasAsync(context.Workspace, command.Name)
                ? Reply.Text($"Alias {command.Name} removed")
                : Reply.Error("No such alias", $"This workspace has no alias '{command.Name}'.");
        }

        var repositories = new List<string>();
        foreach (var text in command.Repositories)
        {
            if (!RepositoryId.TryParse(text, out var id))
            {
                return Reply.Error("Not a repository", $"'{text}' is not owner/repo.", $"Usage: {CommandParser.Usage["alias"]}");
            }

            repositories.Add(id.Value.ToString());
        }

        if (!await workspaces.SetAliasAsync(context.Workspace, command.Name, repositories.Distinct(StringComparer.Ordinal).ToArray()))
        {
            return Reply.Error("Too many aliases", $"This workspace already has {WorkspaceStore.MaxAliases} aliases; remove one first.");
        }

        return new Reply
        {
            Title = $"Alias {command.Name} saved",
            Tone = ReplyTone.Success,
            Summary = $"{command.Name} → {string.Join(", ", repositories)}",
            Sections = [new ReplySection(null, [$"/momentum {command.Name} now sums {string.Join(", ", repositories)}."])],
        };
    }

    private async Task<Reply> AliasesAsync(CommandContext context)
    {
        var aliases = await workspaces.GetAliasesAsync(context.Workspace);
        return new Reply
        {
            Title = "Aliases in this workspace",
            Summary = aliases.Count == 0 ? "No aliases yet" : $"{aliases.Count} aliases",
            Sections = [new ReplySection(null, aliases.Count == 0
                ? ["None yet. " + CommandParser.Usage["alias"]]
                : aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"• {a.Key} → {string.Join(", ", a.Value)}").ToArray())],
        };
    }

    private async Task<Reply> UnknownProjectAsync(string text, CommandContext context)
    {
        var aliases = (await workspaces.GetAliasesAsync(context.Workspace)).Keys;
        var suggestions = catalog.Suggest(text).Concat(aliases.Where(a => a.StartsWith(text.ToLowerInvariant()[..Math.Min(3, text.Length)], StringComparison.Ordinal))).Distinct(StringComparer.Ordinal).Take(3).ToList();
        var hint = suggestions.Count > 0 ? $"Did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?" : "Try owner/repo, for example cilium/cilium.";
        return Reply.Error($"I don't know '{text}'", $"It is not a project in the catalog, an alias in this workspace, or owner/repo. {hint}", $"Known projects: {string.Join(", ", catalog.Projects.Select(p => p.Name))}");
    }

    private Reply Help(string platform) => new()
    {
        Title = "Momentum — community momentum of open-source projects",
        Summary = "Usage: /momentum <project> · compare · vendor · alias · help",
        Sections =
        [
            new ReplySection("Commands", CommandParser.Usage.Values.Select(u => "• " + u).ToArray()),
            new ReplySection("Examples", ["/momentum cilium", "/momentum compare cilium istio linkerd", "/momentum vendor backstage add Roadie roadie.io", "/momentum crossplane/crossplane public"]),
            new ReplySection("Projects in the catalog", [string.Join(", ", catalog.Projects.Select(p => p.Name))]),
        ],
        Notes =
        [
            platform == "teams"
                ? "In a channel or group chat, @mention Momentum first (\"/momentum\" is optional); everyone in the conversation sees the answers."
                : "Replies are visible only to you unless you add 'public' or press 'Post to channel'.",
            "End-user = contributors from organisations that use the project, not its vendor; unknown affiliations are always shown beside the share.",
        ],
    };
}
