using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Momentum.Bot.Catalog;

/// <summary>A GitHub repository, <c>owner/name</c>, lower-cased (GitHub names are case-insensitive).</summary>
public readonly partial record struct RepositoryId
{
    private RepositoryId(string owner, string name)
    {
        Owner = owner;
        Name = name;
    }

    public string Owner { get; }

    public string Name { get; }

    public override string ToString() => $"{Owner}/{Name}";

    public static bool TryCreate(string? owner, string? name, [NotNullWhen(true)] out RepositoryId? id, out string error)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(owner) || !OwnerPattern().IsMatch(owner))
        {
            error = $"'{owner}' is not a valid GitHub owner: letters, digits and single hyphens, up to 39 characters.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || !NamePattern().IsMatch(name))
        {
            error = $"'{name}' is not a valid GitHub repository name: letters, digits, '.', '_' and '-', up to 100 characters.";
            return false;
        }

        error = "";
        id = new RepositoryId(owner.ToLowerInvariant(), name.ToLowerInvariant());
        return true;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out RepositoryId? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith("https://github.com/", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["https://github.com/".Length..].TrimEnd('/');
        }

        var parts = trimmed.Split('/');
        return parts.Length == 2 && TryCreate(parts[0], parts[1], out id, out _);
    }

    public static RepositoryId Parse(string text) =>
        TryParse(text, out var id) ? id.Value : throw new FormatException($"'{text}' is not owner/repo.");

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex NamePattern();
}
