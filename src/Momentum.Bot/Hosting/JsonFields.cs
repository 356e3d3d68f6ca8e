using System.Text.Json;

namespace Momentum.Bot.Hosting;

/// <summary>Lenient reads of inbound JSON (Slack payloads, Bot Framework activities), where any field may be absent or of another type.</summary>
public static class JsonFields
{
    /// <summary>
    /// Parses an inbound body, or answers null when it is not UTF-8 JSON. The parser checks strings' UTF-8, and the
    /// surrogates their <c>\u</c> escapes spell, only when they are read, deep in a handler (which then throws), so
    /// both are checked here, once, for the whole body.
    /// </summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (EscapesSurrogate(body.Span) && !StringsReadable(document.RootElement))
        {
            document.Dispose();
            return null;
        }

        return document;
    }

    /// <summary>Whether the text holds a <c>\uD800</c>–<c>\uDFFF</c> escape, the only way valid UTF-8 JSON can spell an unpaired surrogate.</summary>
    private static bool EscapesSurrogate(ReadOnlySpan<byte> body)
    {
        for (var rest = body; rest.IndexOf("\\u"u8) is var at and >= 0; rest = rest[(at + 2)..])
        {
            if (rest.Length > at + 3 && rest[at + 2] is (byte)'d' or (byte)'D' && rest[at + 3] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every string and property name in <paramref name="element"/> reads as valid UTF-16.</summary>
    private static bool StringsReadable(JsonElement element)
    {
        try
        {
            return Readable(element);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        static bool Readable(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    _ = e.GetString();
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Readable(item);
                    }

                    return true;
                case JsonValueKind.Object:
                    foreach (var property in e.EnumerateObject())
                    {
                        _ = property.Name;
                        Readable(property.Value);
                    }

                    return true;
                default:
                    return true;
            }
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
