using Momentum.Bot.Cards;
using Momentum.Bot.Chat;
using Momentum.Bot.Reports;
using Momentum.Engine;
using static Momentum.Bot.Cards.Formats;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum vendor &lt;project&gt; [add|remove …]</c>: the vendor list in force, and this workspace's changes to it.</summary>
public sealed class VendorCommands(ReportService reports, VendorOverrideStore overrides, ProjectLookup projects, TimeProvider time)
{
    public async Task<Reply> ShowAsync(VendorShowCommand command, CommandContext context)
    {
        var (project, unknown) = await projects.FindAsync(command.Project, context);
        if (project is null)
        {
            return unknown!;
        }

        var vendors = await reports.VendorsAsync(project, context.Workspace);
        var lines = vendors.Organizations.Count == 0
            ? ["No vendor organisations: every known organisation counts as end-user."]
            : vendors.Organizations.Select(v => $"• {v.Name}{(v.Domains.Count > 0 ? " — " + string.Join(", ", v.Domains) : "")}").ToArray();
        var sections = new List<ReplySection> { new($"Vendors ({vendors.Source.Describe()})", lines) };
        if (vendors.Workspace?.Changes is { Count: > 0 } changes)
        {
            sections.Add(new ReplySection("Changes in this workspace", changes.TakeLast(10).Reverse().Select(c =>
                $"{c.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC · {c.By} {c.Action} {c.Organization}{(c.Domains.Count > 0 ? " (" + string.Join(", ", c.Domains) + ")" : "")}").ToArray()));
        }

        return new Reply
        {
            Title = $"{project.Name} vendors",
            Summary = $"{project.Name} vendors: {Names(vendors.Organizations)}",
            Sections = sections,
            Notes = ["Contributors from these organisations count as vendor; any other known organisation is end-user.", $"Change: {CommandParser.Usage["vendor"]}"],
        };
    }

    public async Task<Reply> ChangeAsync(VendorChangeCommand command, CommandContext context)
    {
        var (project, unknown) = await projects.FindAsync(command.Project, context);
        if (project is null)
        {
            return unknown!;
        }

        var vendors = await reports.VendorsAsync(project, context.Workspace);
        var current = vendors.Organizations.ToList();
        var key = OrganizationNames.Key(command.Organization);
        var existing = current.FindIndex(v => OrganizationNames.Key(v.Name) == key);
        var added = command.Domains;
        if (command.Add)
        {
            if (existing >= 0)
            {
                var vendor = current[existing];
                added = command.Domains.Except(vendor.Domains, StringComparer.Ordinal).ToArray();
                if (added.Count == 0)
                {
                    return Reply.Text(
                        $"{vendor.Name} is already a vendor",
                        $"{vendor.Name} is already in {project.Name}'s vendor list ({vendors.Source.Describe()}){(vendor.Domains.Count > 0 ? " with " + string.Join(", ", vendor.Domains) : "")}; nothing changed.");
                }

                current[existing] = vendor with { Domains = vendor.Domains.Concat(added).ToArray() };
            }
            else if (current.Count >= VendorOverrideStore.MaxVendors)
            {
                return Reply.Error("Too many vendors", $"{project.Name} already has {VendorOverrideStore.MaxVendors} vendor organisations in this workspace.");
            }
            else
            {
                current.Add(new Organization(command.Organization, command.Domains));
            }
        }
        else
        {
            if (existing < 0)
            {
                return Reply.Error("Not a vendor", $"{command.Organization} is not in {project.Name}'s vendor list. Current: {Names(current)}.");
            }

            current.RemoveAt(existing);
        }

        var change = new VendorChange(context.User, time.GetUtcNow(), command.Add ? "added" : "removed", command.Organization, added);
        await overrides.SaveWorkspaceAsync(context.Workspace, project.Name, current, change, vendors.Workspace?.Changes ?? []);
        var what = !command.Add ? "removed"
            : existing >= 0 ? $"was already a vendor; domains added: {string.Join(", ", added)}"
            : "added";
        return new Reply
        {
            Title = $"{project.Name} vendors updated",
            Tone = ReplyTone.Success,
            Summary = $"{command.Organization} {what} ({project.Name}'s vendors for this workspace)",
            Sections = [new ReplySection(null, [$"{command.Organization} {what}. Vendors now: {Names(current)}."])],
            Notes = ["Stored activity is reclassified at once; nothing is fetched again. Only this workspace sees the change."],
        };
    }

    /// <summary><c>vendor … reset</c>: the workspace's own list goes; the catalog's (or the API's) is in force again. Logged.</summary>
    public async Task<Reply> ResetAsync(VendorResetCommand command, CommandContext context)
    {
        var (project, unknown) = await projects.FindAsync(command.Project, context);
        if (project is null)
        {
            return unknown!;
        }

        var vendors = await reports.VendorsAsync(project, context.Workspace);
        if (vendors.Source != VendorSource.Workspace)
        {
            return Reply.Text($"{project.Name} vendors unchanged", $"This workspace has no list of its own for {project.Name}: the {vendors.Source.Describe()} list is in force ({Names(vendors.Organizations)}).");
        }

        var change = new VendorChange(context.User, time.GetUtcNow(), "reset to the default list", "", []);
        await overrides.SaveWorkspaceAsync(context.Workspace, project.Name, [], change, vendors.Workspace?.Changes ?? [], reset: true);
        var now = await reports.VendorsAsync(project, context.Workspace);
        return Reply.Done($"{project.Name} vendors reset", $"This workspace's own list is gone; the {now.Source.Describe()} list is in force: {Names(now.Organizations)}. The change log keeps the edits.");
    }

    private static string Names(IReadOnlyList<Organization> organizations) =>
        organizations.Count == 0 ? "none" : string.Join(", ", organizations.Select(v => v.Name));
}
