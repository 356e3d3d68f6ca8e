using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum person …</c>: who an identity works for, as this workspace says (source 1) and as the other sources say.</summary>
public sealed class PersonCommands(PersonOverrideStore overrides, PersonAffiliations beliefs, ProjectCatalog catalog, TimeProvider time)
{
    private const string Order = "Sources, first match wins: this workspace's override → CNCF gitdm → the commit's email domain → the GitHub profile's company.";

    public async Task<Reply> ShowAsync(PersonShowCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var belief = await beliefs.BeliefAsync(context.Workspace, command.Identity);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var inForce = belief.InForce(today);
        var headline = inForce is null
            ? $"{command.Identity}: unknown today to the override, gitdm and profile sources (a project's commit domains may still know)."
            : $"{command.Identity}: {inForce.Organization} ({inForce.Source}{(inForce.From is { } from ? ", since " + Date(from) : "")}{(inForce.Until is { } until ? ", until " + Date(until) : "")}).";
        var sections = new List<ReplySection>
        {
            new(null, [headline]),
            new("What each source says", belief.Sources.Count == 0
                ? ["No source knows this identity outside a project's commits."]
                : belief.Sources.Select(s => $"• {s.Source}: {s.Organization ?? "unknown (falls through)"}{Range(s.From, s.Until)}").ToArray()),
        };
        if (belief.Override?.Changes is { Count: > 0 } changes)
        {
            sections.Add(new ReplySection("Changes in this workspace", changes.TakeLast(10).Reverse().Select(Describe).ToArray()));
        }

        return new Reply
        {
            Title = $"{command.Identity} — affiliation",
            Summary = headline,
            Sections = sections,
            Notes = [Order, $"Change: {CommandParser.Usage["person"]}"],
        };
    }

    public async Task<Reply> SetAsync(PersonSetCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        // Named like a profile's company: "Upbound Inc." is the vendor Upbound, "self-employed" is Independent.
        if (catalog.Resolver([]).OrganizationOfCompany(command.Organization) is not { } organization)
        {
            return Reply.Error(
                "That names no organisation",
                $"'{command.Organization}' says nobody's employer is known. To say {command.Identity} works for nobody, use Independent; to remove the override, use clear.",
                $"Usage: {CommandParser.Usage["person"]}");
        }

        var existing = await overrides.GetAsync(context.Workspace, command.Identity);
        if (existing is null && await overrides.CountAsync(context.Workspace) >= PersonOverrideStore.MaxPeople)
        {
            return Reply.Error("Too many people", $"This workspace already has {PersonOverrideStore.MaxPeople} person overrides.");
        }

        var kept = (existing?.Lines ?? []).Where(l => !l.Overlaps(command.From, command.Until)).ToList();
        var replaced = (existing?.Lines.Count ?? 0) - kept.Count;
        if (kept.Count >= PersonOverrideStore.MaxLines)
        {
            return Reply.Error("Too many dated lines", $"{command.Identity} already has {PersonOverrideStore.MaxLines} dated lines in this workspace; clear them first.");
        }

        var line = new PersonLine(organization, command.From, command.Until);
        var lines = kept.Append(line).OrderBy(l => l.From ?? DateOnly.MinValue).ToArray();
        var change = new PersonChange(context.User, time.GetUtcNow(), "set", organization, command.From, command.Until);
        await overrides.SaveAsync(context.Workspace, new PersonOverride(command.Identity, lines, [.. existing?.Changes ?? [], change]));
        var notes = new List<string> { "Stored activity is reclassified at once; nothing is fetched again. Only this workspace sees the change." };
        if (replaced > 0)
        {
            notes.Insert(0, $"It replaces {Count(replaced, "earlier line")} whose dates overlapped.");
        }

        return new Reply
        {
            Title = $"{command.Identity} updated",
            Tone = ReplyTone.Success,
            Summary = $"{command.Identity} → {organization}{Range(command.From, command.Until)} (this workspace)",
            Sections = [new ReplySection(null, [$"{command.Identity} → {organization}{Range(command.From, command.Until)}.", .. lines.Length > 1 ? lines.Select(l => $"• {l.Organization}{Range(l.From, l.Until)}") : []])],
            Notes = notes,
        };
    }

    public async Task<Reply> ClearAsync(PersonClearCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var existing = await overrides.GetAsync(context.Workspace, command.Identity);
        if (existing is not { Lines.Count: > 0 })
        {
            return Reply.Text($"{command.Identity} unchanged", $"This workspace has no override for {command.Identity}; nothing changed.");
        }

        var change = new PersonChange(context.User, time.GetUtcNow(), "cleared", null, null, null);
        await overrides.SaveAsync(context.Workspace, existing with { Lines = [], Changes = [.. existing.Changes, change] });
        return Reply.Done($"{command.Identity} cleared", $"This workspace's override for {command.Identity} is gone; the other sources decide again. The change log keeps the edits.");
    }

    private static string Describe(PersonChange change) =>
        $"{change.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC · {change.By} {change.Action}{(change.Organization is { } o ? " " + o + Range(change.From, change.Until) : "")}";

    private static string Range(DateOnly? from, DateOnly? until) =>
        (from is { } f ? " from " + Date(f) : "") + (until is { } u ? " until " + Date(u) : "");
}
