using System.Text.Json;
using System.Text.Json.Serialization;

namespace Momentum.Bot.Hosting;

/// <summary>Writes and reads an enum as its camel-cased name (<c>Trend.Rising</c> ↔ <c>"rising"</c>), for source-generated JSON contexts.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
