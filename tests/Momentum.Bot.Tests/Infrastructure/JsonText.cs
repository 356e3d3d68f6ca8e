using System.Text.Json;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>Every string in a JSON reply (Block Kit, an Adaptive Card, an API answer), one per line, for text assertions.</summary>
public static class JsonText
{
    public static string Of(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Object => string.Join('\n', element.EnumerateObject().Select(p => Of(p.Value))),
        JsonValueKind.Array => string.Join('\n', element.EnumerateArray().Select(Of)),
        _ => "",
    };
}
