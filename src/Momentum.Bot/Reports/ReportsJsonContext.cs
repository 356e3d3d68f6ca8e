using System.Text.Json.Serialization;
using Momentum.Bot.Hosting;
using Momentum.Engine;

namespace Momentum.Bot.Reports;

[JsonSourceGenerationOptions(
    System.Text.Json.JsonSerializerDefaults.Web,
    Converters = [typeof(CamelCaseEnumConverter<Trend>), typeof(CamelCaseEnumConverter<VendorSource>), typeof(CamelCaseEnumConverter<Stage>), typeof(CamelCaseEnumConverter<ContributorClass>)])]
[JsonSerializable(typeof(ProjectReport))]
[JsonSerializable(typeof(VendorList))]
[JsonSerializable(typeof(WorkspaceVendors))]
[JsonSerializable(typeof(PersonOverride))]
public sealed partial class ReportsJsonContext : JsonSerializerContext;
