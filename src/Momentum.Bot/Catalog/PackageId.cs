namespace Momentum.Bot.Catalog;

/// <summary>
/// A package or image a project publishes (catalog <c>packages</c>): <c>npm</c>, <c>cargo</c> (crates.io), <c>go</c>,
/// <c>pypi</c>, <c>maven</c> (<c>group:artifact</c>) or <c>docker</c> (Docker Hub <c>namespace/name</c>; official
/// images are <c>library/name</c>). Adoption sources read how much it is used.
/// </summary>
public sealed record PackageId(string System, string Name)
{
    public static readonly IReadOnlyList<string> Systems = ["npm", "cargo", "go", "pypi", "maven", "docker"];

    public override string ToString() => $"{System}:{Name}";

    /// <summary>A package from the catalog's words, or why not (unknown system, empty or oversized name, an image without a namespace).</summary>
    public static PackageId Parse(string system, string name)
    {
        var s = system?.Trim().ToLowerInvariant() ?? "";
        var n = name?.Trim() ?? "";
        if (!Systems.Contains(s))
        {
            throw new InvalidDataException($"Package system '{system}' is not one of {string.Join(", ", Systems)}.");
        }

        if (n.Length is 0 or > 214 || n.Any(char.IsWhiteSpace))
        {
            throw new InvalidDataException($"Package name '{name}' ({s}) must be 1–214 characters without spaces.");
        }

        if (s == "docker" && n.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new InvalidDataException($"Docker image '{name}' must be namespace/name (official images: library/{n}).");
        }

        return new PackageId(s, n);
    }
}
