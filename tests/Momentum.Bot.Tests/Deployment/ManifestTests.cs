using Momentum.Bot.Slack;
using Momentum.Bot.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Momentum.Bot.Tests.Deployment;

/// <summary>The Slack app manifests and Kubernetes manifests agree with what the code serves and reads.</summary>
public sealed class ManifestTests
{
    private static string Repo(params string[] parts) => RepositoryFiles.PathOf(parts);

    private static List<YamlMappingNode> Documents(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);

    private static IEnumerable<string> Scalars(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!);

    [Theory]
    [InlineData("manifest.yaml")]
    [InlineData("manifest.socket-mode.yaml")]
    public void TheSlackManifestAsksForWhatTheBotUses(string file)
    {
        var manifest = Documents(Repo("manifests", "slack", file)).Single();
        var command = (YamlMappingNode)((YamlSequenceNode)At(manifest, "features", "slash_commands")).Children.Single();
        Assert.Equal("/momentum", ((YamlScalarNode)At(command, "command")).Value);
        Assert.Equal(new SlackOptions().Scopes.Split(',').Order(StringComparer.Ordinal), Scalars(At(manifest, "oauth_config", "scopes", "bot")).Order(StringComparer.Ordinal));
        Assert.Equal(["app_mention", "app_uninstalled", "message.im", "tokens_revoked"], Scalars(At(manifest, "settings", "event_subscriptions", "bot_events")).Order(StringComparer.Ordinal));
        var socketMode = ((YamlScalarNode)At(manifest, "settings", "socket_mode_enabled")).Value == "true";
        Assert.Equal(file.Contains("socket", StringComparison.Ordinal), socketMode);
        if (!socketMode)
        {
            Assert.EndsWith("/slack/commands", ((YamlScalarNode)At(command, "url")).Value, StringComparison.Ordinal);
            Assert.EndsWith("/slack/events", ((YamlScalarNode)At(manifest, "settings", "event_subscriptions", "request_url")).Value, StringComparison.Ordinal);
            Assert.EndsWith("/slack/interactivity", ((YamlScalarNode)At(manifest, "settings", "interactivity", "request_url")).Value, StringComparison.Ordinal);
            Assert.EndsWith("/slack/oauth/callback", Scalars(At(manifest, "oauth_config", "redirect_urls")).Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheKubernetesProbesPointAtEndpointsTheHostServes()
    {
        var deployment = DeploymentTools.Single(await DeploymentTools.RenderAsync("redis"), "Deployment", "momentum");
        var container = (YamlMappingNode)((YamlSequenceNode)At(deployment, "spec", "template", "spec", "containers")).Children.Single();
        var paths = new[] { "readinessProbe", "livenessProbe", "startupProbe" }.Select(p => ((YamlScalarNode)At(container, p, "httpGet", "path")).Value!).ToList();
        Assert.Equal(["/readyz", "/healthz", "/healthz"], paths);

        await using var github = await FakeGitHub.StartAsync(new Momentum.Bot.Demo.LocalGitHubData());
        await using var app = new MomentumApp(github);
        using var client = app.CreateClient();
        foreach (var path in paths)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }

        var names = ((YamlSequenceNode)At(container, "env")).Children.Select(e => ((YamlScalarNode)At(e, "name")).Value!).ToList();
        Assert.Contains("ConnectionStrings__Redis", names);
        var readme = await File.ReadAllTextAsync(Repo("README.md"));
        Assert.All(names, name => Assert.Contains($"`{name}`", readme, StringComparison.Ordinal));
        var secretKeys = ((YamlMappingNode)At(Documents(Repo("manifests", "k8s", "secret.example.yaml")).First(), "stringData")).Children.Keys.Select(k => ((YamlScalarNode)k).Value!);
        Assert.All(secretKeys, key => Assert.Contains($"`{key}`", readme, StringComparison.Ordinal));
    }
}
