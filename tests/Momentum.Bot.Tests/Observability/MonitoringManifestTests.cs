using System.Text.Json;
using System.Text.RegularExpressions;
using Momentum.Bot.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Momentum.Bot.Tests.Observability;

/// <summary>The Grafana dashboard and the Prometheus rules read only series Momentum publishes (the ones the scrape test sees).</summary>
public sealed partial class MonitoringManifestTests
{
    private static readonly HashSet<string> Published =
    [
        "momentum_commands_total", "momentum_command_duration_seconds", "momentum_github_requests_total",
        "momentum_github_rate_limit_remaining", "momentum_scans_total", "momentum_scan_duration_seconds", "momentum_alerts_total",
        "momentum_outbox_pending", "momentum_outbox_oldest_pending_seconds", "momentum_chat_api_calls_total",
    ];

    [GeneratedRegex(@"momentum_[a-z_]+")]
    private static partial Regex Series();

    private static IEnumerable<string> SeriesIn(string text) =>
        Series().Matches(text).Select(m => Regex.Replace(m.Value, "_(bucket|count|sum)$", ""));

    [Fact]
    public void TheDashboardIsGrafanaJsonOverPublishedSeries()
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf("manifests", "grafana", "momentum-dashboard.json"));
        var dashboard = JsonDocument.Parse(text).RootElement;
        var exprs = dashboard.GetProperty("panels").EnumerateArray().SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();

        Assert.NotEmpty(exprs);
        Assert.All(exprs.SelectMany(SeriesIn), s => Assert.Contains(s, Published));
        // Every one of Momentum's series is on the dashboard.
        Assert.Empty(Published.Except(exprs.SelectMany(SeriesIn)));
    }

    [Fact]
    public void TheAlertRulesCoverUndeliverableAlertsRateLimitAndFailingScans()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(RepositoryFiles.PathOf("manifests", "prometheus", "momentum-rules.yaml"))));
        var rules = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"])[0])["rules"]).Cast<YamlMappingNode>().ToList();
        var byName = rules.ToDictionary(r => ((YamlScalarNode)r["alert"]).Value!, r => ((YamlScalarNode)r["expr"]).Value!);

        Assert.Contains("momentum_alerts_total{stage=\"undeliverable\"}", byName["MomentumAlertsUndeliverable"], StringComparison.Ordinal);
        Assert.Contains("momentum_github_rate_limit_remaining", byName["MomentumGitHubRateLimitExhausted"], StringComparison.Ordinal);
        Assert.Contains("momentum_scans_total{outcome=\"failed\"}", byName["MomentumScansFailing"], StringComparison.Ordinal);
        Assert.All(byName.Values.SelectMany(SeriesIn), s => Assert.Contains(s, Published));
        Assert.All(rules, r => Assert.True(r.Children.ContainsKey("annotations"), "every rule says what it means"));
    }
}
