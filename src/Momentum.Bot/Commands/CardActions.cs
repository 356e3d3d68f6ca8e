namespace Momentum.Bot.Commands;

/// <summary>A card button or menu pressed: which action, its argument, and whether the answer replaces the card.</summary>
public static class CardActions
{
    /// <summary>Maps a card action to the command it stands for; null when the action is unknown.</summary>
    public static (Command Command, bool ReplaceCard)? ToCommand(string id, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return id switch
        {
            "refresh" => (new MomentumCommand(value, Public: false, Refresh: true), true),
            "post" => (new MomentumCommand(value, Public: true), false),
            "compare" => (CommandParser.Parse("compare " + value), false),
            "watch" => (new WatchCommand(value), false),
            "card" => (new MomentumCommand(value), false),
            _ => null,
        };
    }
}
