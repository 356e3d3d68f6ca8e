using Momentum.Bot.Chat;

namespace Momentum.Bot.Commands;

/// <summary>What a chat adapter shows at once while a command that needs GitHub runs on.</summary>
public static class WorkingReply
{
    public const string Summary = "Working on it: fetching fresh history from GitHub; the answer will appear here.";

    /// <summary>The acknowledgement with how far the command has got ("12 of 30 scanned").</summary>
    public static Reply Progress(Command command, string progress)
    {
        var working = For(command);
        return working with { Sections = [.. working.Sections, new ReplySection(null, [progress])] };
    }

    public static Reply For(Command command) => new()
    {
        Title = "Working on it…",
        Summary = Summary,
        Sections = [new ReplySection(null, [command switch
        {
            MomentumCommand m => $"Fetching {m.Project}'s history from GitHub. The first look at a big project takes a few minutes; the card will appear here.",
            DiscoverCommand d => $"Discovering rising projects in {d.Query.Describe()}: searching GitHub and scanning up to {d.Query.Limit} candidates; this takes a minute. The ranking will appear here.",
            CompareCommand c => $"Fetching history for {string.Join(", ", c.Projects)}; the comparison will appear here.",
            _ => "The answer will appear here.",
        }])],
    };
}
