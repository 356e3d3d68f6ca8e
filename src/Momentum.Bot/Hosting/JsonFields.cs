using System.Text.Json;

namespace Momentum.Bot.Hosting;

/// <summary>Lenient reads of inbound JSON (Slack payloads, Bot Framework activities), where any field may be absent or of another type.</summary>
internal static class JsonFields
{
    /// <summary>The string property <paramref name="name"/> of an object, or null when it is not an object, has no such property or it is not a string.</summary>
    public static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
