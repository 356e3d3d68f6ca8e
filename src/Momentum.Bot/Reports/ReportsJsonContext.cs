using System.Text.Json.Serialization;

namespace Momentum.Bot.Reports;

/// <summary>A vendor list as stored and as the API accepts it.</summary>
public sealed record VendorList(IReadOnlyList<VendorEntry> Organizations);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProjectReport))]
[JsonSerializable(typeof(VendorList))]
public sealed partial class ReportsJsonContext : JsonSerializerContext;
