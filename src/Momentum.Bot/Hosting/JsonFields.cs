using System.Text.Json;

namespace Momentum.Bot.Hosting;

/// <summary>Lenient reads of inbound JSON (Slack payloads, Bot Framework activities), where any field may be absent or of another type.</summary>
public static class JsonFields
{
    /// <summary>The string property <paramref name="name"/> of an object; null when it is not an object, has no such property or it is not a string.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The object property <paramref name="name"/>; an undefined element when it is missing or not an object.</summary>
    public static JsonElement Child(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    /// <summary>The elements of the array property <paramref name="name"/>; empty when it is missing or not an array.</summary>
    public static JsonElement[] Items(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToArray()
            : [];
}
