using System.Text.Json;

namespace Momentum.Bot.Hosting;

/// <summary>Lenient reads of inbound JSON (Slack payloads, Bot Framework activities), where any field may be absent or of another type.</summary>
public static class JsonFields
{
    /// <summary>
    /// Parses an inbound body, or answers null when it is not UTF-8 JSON. The parser checks strings' UTF-8 only when
    /// they are read, deep in a handler, so it is checked here, once, for the whole body.
    /// </summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

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
