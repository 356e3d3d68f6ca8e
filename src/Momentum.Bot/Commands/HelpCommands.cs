using Momentum.Bot.Catalog;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Commands;

/// <summary><c>/momentum help</c>: usage, examples and the catalog's projects.</summary>
public sealed class HelpCommands(ProjectCatalog catalog)
{
    public Reply Help(Platform platform) => new()
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
            platform == Platform.Teams
                ? "In a channel or group chat, @mention Momentum first (\"/momentum\" is optional); everyone in the conversation sees the answers."
                : "Replies are visible only to you unless you add 'public' or press 'Post to channel'.",
            "End-user = contributors from organisations that use the project, not its vendor; unknown affiliations are always shown beside the share.",
        ],
    };
}
