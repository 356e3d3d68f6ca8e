namespace Momentum.Bot.Store;

/// <summary>The names a workspace gives its own things (aliases, watchlists): a-z, 0-9 and '-', 1 to 40 characters.</summary>
public static class SimpleNames
{
    public const int MaxLength = 40;

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
