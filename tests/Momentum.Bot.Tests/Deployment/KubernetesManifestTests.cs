using System.Net;
using Momentum.Bot.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;
using static Momentum.Bot.Tests.Deployment.DeploymentTools;

namespace Momentum.Bot.Tests.Deployment;

/// <summary>
/// manifests/k8s as <c>kubectl apply -k</c> sends it: each overlay built by kustomize, validated against the Kubernetes
/// schemas, and held to what platform teams require (Pod Security "restricted", pinned image, probes, spread, budgets,
/// policies, Secrets by reference only).
/// </summary>
public sealed class KubernetesManifestTests
{
    public static TheoryData<string> EveryOverlay => new(Overlays);

    private static readonly string[] PodKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];

    private static YamlNode PodSpec(YamlMappingNode workload) => Get(workload, "spec", "template", "spec")!;

    private static IEnumerable<YamlMappingNode> Workloads(List<YamlMappingNode> documents) => documents.Where(d => PodKinds.Contains(Kind(d)));

    [Theory]
    [MemberData(nameof(EveryOverlay))]
    public async Task EachOverlayBuildsAndMeetsTheKubernetesSchemas(string overlay)
    {
        var yaml = await KustomizeAsync(Repo("manifests", "k8s", "overlays", overlay));
        var file = Path.Combine(Directory.CreateTempSubdirectory("momentum-k8s-").FullName, overlay + ".yaml");
        await File.WriteAllTextAsync(file, yaml);

        var (exitCode, output) = await ValidateAsync("kubernetes", file);

        Assert.True(exitCode == 0, output);
        Assert.Contains("0 problems", output, StringComparison.Ordinal);
        string[] expected = ["Namespace/momentum", "ServiceAccount/momentum", "Deployment/momentum", "Service/momentum", "PodDisruptionBudget/momentum", "NetworkPolicy/momentum", "Ingress/momentum", "ServiceMonitor/momentum"];
        Assert.All(expected, name => Assert.Contains(name, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSchemaCheckRefusesWhatTheApiServerWould()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("momentum-k8s-").FullName, "broken.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec:
                  securityContext: {seccompProfil: {type: RuntimeDefault}}
                  containers:
                    - name: a
                      image: b:1
                      ports: [{containerPort: "8080"}]
            ---
            apiVersion: v1
            kind: Servise
            metadata: {name: typo}
            """);

        var (exitCode, output) = await ValidateAsync("kubernetes", file);

        Assert.Equal(1, exitCode);
        Assert.Contains("containerPort must be integer", output, StringComparison.Ordinal);
        Assert.Contains("securityContext.seccompProfil: unknown field", output, StringComparison.Ordinal);
        Assert.Contains("no schema for kind Servise", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryOverlay))]
    public async Task EveryPodMeetsThePodSecurityRestrictedProfile(string overlay)
    {
        var documents = await RenderAsync(overlay);
        var ns = Single(documents, "Namespace", "momentum");
        Assert.Equal("restricted", Map(ns, "metadata", "labels")["pod-security.kubernetes.io/enforce"]);
        Assert.All(documents.Where(d => Kind(d) != "Namespace"), d => Assert.Equal("momentum", Text(d, "metadata", "namespace")));

        var workloads = Workloads(documents).ToList();
        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var pod = PodSpec(workload);
            var where = $"{Kind(workload)}/{Name(workload)}";
            Assert.True(Text(pod, "automountServiceAccountToken") == "false", $"{where}: the service-account token is mounted");
            Assert.True(Text(pod, "securityContext", "runAsNonRoot") == "true", $"{where}: runAsNonRoot");
            Assert.True(Text(pod, "securityContext", "seccompProfile", "type") == "RuntimeDefault", $"{where}: seccompProfile");
            Assert.True(int.Parse(Text(pod, "securityContext", "runAsUser") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0, $"{where}: a numeric non-root user");
            foreach (var flag in new[] { "hostNetwork", "hostPID", "hostIPC" })
            {
                Assert.True(Text(pod, flag) is null or "false", $"{where}: {flag}");
            }

            // Restricted allows only these volume types.
            string[] allowed = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
            foreach (var volume in Items(pod, "volumes").Cast<YamlMappingNode>())
            {
                var type = volume.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Single(k => k != "name");
                Assert.True(allowed.Contains(type), $"{where}: volume type {type}");
            }

            foreach (var container in Items(pod, "initContainers").Concat(Items(pod, "containers")))
            {
                var name = $"{where} container {Text(container, "name")}";
                Assert.True(Text(container, "securityContext", "allowPrivilegeEscalation") == "false", $"{name}: allowPrivilegeEscalation");
                Assert.True(Text(container, "securityContext", "privileged") is null or "false", $"{name}: privileged");
                Assert.True(Text(container, "securityContext", "readOnlyRootFilesystem") == "true", $"{name}: readOnlyRootFilesystem");
                Assert.Contains("ALL", Items(container, "securityContext", "capabilities", "drop").Select(n => ((YamlScalarNode)n).Value));
                Assert.All(Items(container, "securityContext", "capabilities", "add"), n => Assert.Equal("NET_BIND_SERVICE", ((YamlScalarNode)n).Value));
                Assert.True(Text(container, "securityContext", "runAsUser") is null or not "0", $"{name}: runs as root");
                Assert.NotNull(Get(container, "resources", "requests", "cpu"));
                Assert.NotNull(Get(container, "resources", "requests", "memory"));
                Assert.NotNull(Get(container, "resources", "limits", "memory"));
                Assert.NotNull(Get(container, "livenessProbe"));
                Assert.NotNull(Get(container, "readinessProbe"));
                var image = Text(container, "image")!;
                Assert.Matches(@":[0-9][\w.-]*$", image);
                Assert.DoesNotContain(":latest", image, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(EveryOverlay))]
    public async Task TheBotIsLabelledPinnedSpreadAndBudgeted(string overlay)
    {
        var documents = await RenderAsync(overlay);
        var deployment = Single(documents, "Deployment", "momentum");
        var podLabels = Map(deployment, "spec", "template", "metadata", "labels");
        foreach (var label in new[] { "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by" })
        {
            Assert.True(podLabels.ContainsKey(label), $"pod label {label}");
            Assert.True(Map(deployment, "metadata", "labels").ContainsKey(label), $"label {label}");
        }

        Assert.Equal(ReleaseVersion, podLabels["app.kubernetes.io/version"]);
        var container = Items(deployment, "spec", "template", "spec", "containers").Single();
        Assert.Equal($"ghcr.io/momentum-bot/momentum:{ReleaseVersion}", Text(container, "image"));
        Assert.NotNull(Get(container, "resources", "limits", "cpu"));
        Assert.Equal("momentum", Text(Items(container, "envFrom").Single(), "secretRef", "name"));

        var selector = Map(deployment, "spec", "selector", "matchLabels");
        Assert.True(Selects(selector, podLabels));
        var spread = Items(deployment, "spec", "template", "spec", "topologySpreadConstraints").ToList();
        Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], spread.Select(s => Text(s, "topologyKey")).Order(StringComparer.Ordinal));
        Assert.All(spread, s => Assert.True(Selects(Map(s, "labelSelector", "matchLabels"), podLabels)));

        var budget = Single(documents, "PodDisruptionBudget", "momentum");
        Assert.True(Selects(Map(budget, "spec", "selector", "matchLabels"), podLabels));
        Assert.Equal("1", Text(budget, "spec", "maxUnavailable"));

        var service = Single(documents, "Service", "momentum");
        Assert.True(Selects(Map(service, "spec", "selector"), podLabels));
        Assert.Equal("http", Text(Items(service, "spec", "ports").Single(), "targetPort"));
        Assert.Equal("http", Text(Items(container, "ports").Single(), "name"));
        Assert.Equal("8080", Text(Items(container, "ports").Single(), "containerPort"));

        var monitor = Single(documents, "ServiceMonitor", "momentum");
        Assert.True(Selects(Map(monitor, "spec", "selector", "matchLabels"), Map(service, "metadata", "labels")));
        var endpoint = Items(monitor, "spec", "endpoints").Single();
        Assert.Equal(("http", "/metrics"), (Text(endpoint, "port"), Text(endpoint, "path")));

        // The pod outlives the host's own drain deadline (Shutdown__DrainTimeout, 20 s by default).
        Assert.True(int.Parse(Text(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds")!, System.Globalization.CultureInfo.InvariantCulture) > new Momentum.Bot.Hosting.ShutdownOptions().DrainTimeout.TotalSeconds);
    }

    [Fact]
    public async Task TheEmbeddedOverlayRunsOneReplicaWithItsStoreOnAVolumeClaim()
    {
        var documents = await RenderAsync("embedded");
        var deployment = Single(documents, "Deployment", "momentum");
        Assert.Equal("1", Text(deployment, "spec", "replicas"));
        Assert.Equal("Recreate", Text(deployment, "spec", "strategy", "type"));
        var container = Items(deployment, "spec", "template", "spec", "containers").Single();
        var env = Items(container, "env").ToDictionary(e => Text(e, "name")!, e => Text(e, "value"), StringComparer.Ordinal);
        Assert.False(env.ContainsKey("ConnectionStrings__Redis"));
        Assert.StartsWith("/data/", env["Garnet__DataDir"], StringComparison.Ordinal);
        var mount = Items(container, "volumeMounts").Single(m => Text(m, "mountPath") == "/data");
        var volume = Items(deployment, "spec", "template", "spec", "volumes").Single(v => Text(v, "name") == Text(mount, "name"));
        var claim = Text(volume, "persistentVolumeClaim", "claimName")!;
        Assert.Contains("ReadWriteOnce", Items(Single(documents, "PersistentVolumeClaim", claim), "spec", "accessModes").Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal("1654", Text(deployment, "spec", "template", "spec", "securityContext", "fsGroup"));
        Assert.DoesNotContain(documents, d => Kind(d) == "StatefulSet");
    }

    [Fact]
    public async Task TheRedisOverlayRunsThreeReplicasAgainstAPasswordedPersistentRedis()
    {
        var documents = await RenderAsync("redis");
        var deployment = Single(documents, "Deployment", "momentum");
        Assert.Equal("3", Text(deployment, "spec", "replicas"));
        var container = Items(deployment, "spec", "template", "spec", "containers").Single();
        var env = Items(container, "env").ToList();
        var password = env.Single(e => Text(e, "name") == "REDIS_PASSWORD");
        Assert.Equal(("momentum-redis", "password"), (Text(password, "valueFrom", "secretKeyRef", "name"), Text(password, "valueFrom", "secretKeyRef", "key")));
        var connection = Text(env.Single(e => Text(e, "name") == "ConnectionStrings__Redis"), "value")!;
        Assert.Contains("password=$(REDIS_PASSWORD)", connection, StringComparison.Ordinal);
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        Assert.True(env.IndexOf(password) < env.FindIndex(e => Text(e, "name") == "ConnectionStrings__Redis"));
        Assert.True(StackExchange.Redis.ConfigurationOptions.Parse(connection.Replace("$(REDIS_PASSWORD)", "x", StringComparison.Ordinal)).EndPoints.Count == 1);

        var redis = Single(documents, "StatefulSet", "redis");
        var headless = Single(documents, "Service", Text(redis, "spec", "serviceName")!);
        Assert.Equal("None", Text(headless, "spec", "clusterIP"));
        var redisLabels = Map(redis, "spec", "template", "metadata", "labels");
        Assert.True(Selects(Map(headless, "spec", "selector"), redisLabels));
        Assert.False(Selects(Map(deployment, "spec", "selector", "matchLabels"), redisLabels), "the bot's selector picks Redis pods");
        var host = connection.Split(',')[0].Split(':')[0];
        Assert.Equal($"{Name(redis)}-0.{Name(headless)}", host);

        var server = Items(redis, "spec", "template", "spec", "containers").Single();
        var args = Items(server, "args").Select(n => ((YamlScalarNode)n).Value!).ToList();
        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("everysec", args[args.IndexOf("--appendfsync") + 1]);
        Assert.Equal("$(REDIS_PASSWORD)", args[args.IndexOf("--requirepass") + 1]);
        Assert.Equal("momentum-redis", Text(Items(server, "env").Single(e => Text(e, "name") == "REDIS_PASSWORD"), "valueFrom", "secretKeyRef", "name"));
        Assert.NotNull(Get(server, "resources", "limits", "memory"));
        Assert.NotNull(Get(server, "livenessProbe", "exec"));
        Assert.NotNull(Get(server, "readinessProbe", "exec"));
        var data = Items(server, "volumeMounts").Single(m => Text(m, "mountPath") == "/data");
        Assert.Contains(Items(redis, "spec", "volumeClaimTemplates"), t => Text(t, "metadata", "name") == Text(data, "name"));
    }

    [Theory]
    [MemberData(nameof(EveryOverlay))]
    public async Task NetworkPoliciesLetInOnlyTheIngressAndPrometheusAndLetOutOnlyDnsHttpsAndRedis(string overlay)
    {
        var documents = await RenderAsync(overlay);
        var podLabels = Map(Single(documents, "Deployment", "momentum"), "spec", "template", "metadata", "labels");
        var policies = documents.Where(d => Kind(d) == "NetworkPolicy" && Selects(Map(d, "spec", "podSelector", "matchLabels"), podLabels)).ToList();
        Assert.Contains(policies, p => Items(p, "spec", "policyTypes").Select(n => ((YamlScalarNode)n).Value).Contains("Ingress"));

        var from = policies.SelectMany(p => Items(p, "spec", "ingress")).SelectMany(r => Items(r, "from"))
            .Select(f => Map(f, "namespaceSelector", "matchLabels").GetValueOrDefault("kubernetes.io/metadata.name")).ToList();
        Assert.Equal(["ingress-nginx", "monitoring"], from.Order(StringComparer.Ordinal));

        var egress = policies.SelectMany(p => Items(p, "spec", "egress")).ToList();
        var ports = egress.SelectMany(r => Items(r, "ports")).Select(p => $"{Text(p, "protocol")}/{Text(p, "port")}").ToHashSet();
        Assert.Superset(new HashSet<string> { "UDP/53", "TCP/53", "TCP/443" }, ports);
        if (overlay == "redis")
        {
            Assert.Contains("TCP/6379", ports);
            var redisLabels = Map(Single(documents, "StatefulSet", "redis"), "spec", "template", "metadata", "labels");
            var redisPolicy = documents.Single(d => Kind(d) == "NetworkPolicy" && Selects(Map(d, "spec", "podSelector", "matchLabels"), redisLabels));
            var allowed = Items(redisPolicy, "spec", "ingress").SelectMany(r => Items(r, "from")).Select(f => Map(f, "podSelector", "matchLabels")).Single();
            Assert.True(Selects(allowed, podLabels));
            Assert.Empty(Items(redisPolicy, "spec", "egress"));
        }
        else
        {
            Assert.Equal(["TCP/443", "TCP/53", "UDP/53"], ports.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task TheIngressPublishesOverTlsOnlyThePathsSlackAndTeamsCallAndTheHostServesThem()
    {
        var documents = await RenderAsync("redis");
        var ingress = Single(documents, "Ingress", "momentum");
        var tls = Items(ingress, "spec", "tls").Single();
        var rule = Items(ingress, "spec", "rules").Single();
        Assert.Contains(Text(rule, "host"), Items(tls, "hosts").Select(h => ((YamlScalarNode)h).Value));
        Assert.NotNull(Text(tls, "secretName"));
        var paths = Items(rule, "http", "paths").ToDictionary(p => Text(p, "path")!, p => Text(p, "pathType")!, StringComparer.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["/slack"] = "Prefix", ["/api/messages"] = "Exact" }, paths);
        Assert.All(Items(rule, "http", "paths"), p => Assert.Equal(("momentum", "http"), (Text(p, "backend", "service", "name"), Text(p, "backend", "service", "port", "name"))));

        // Unsigned calls are refused (401), not unknown (404): the host serves these paths.
        await using var host = await TeamsHost.StartAsync(new() { ["Slack:SigningSecret"] = "signing-secret-not-a-real-one" });
        var client = host.Client;
        foreach (var path in new[] { "/slack/commands", "/slack/events", "/slack/interactivity", "/api/messages" })
        {
            using var response = await client.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
        }

        // Every URL the Slack app manifest gives Slack is under the Ingress's /slack prefix.
        var manifest = await File.ReadAllTextAsync(Repo("manifests", "slack", "manifest.yaml"));
        Assert.All(System.Text.RegularExpressions.Regex.Matches(manifest, "https://" + System.Text.RegularExpressions.Regex.Escape(Text(rule, "host")!) + @"(/[^\s""]*)").Select(m => m.Groups[1].Value),
            path => Assert.StartsWith("/slack/", path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecretsAreReferencedNeverShipped()
    {
        var examples = new YamlStream();
        examples.Load(new StringReader(await File.ReadAllTextAsync(Repo("manifests", "k8s", "secret.example.yaml"))));
        var secrets = examples.Documents.Select(d => (YamlMappingNode)d.RootNode).ToDictionary(Name, d => Map(d, "stringData"), StringComparer.Ordinal);
        Assert.All(secrets.Values.SelectMany(s => s.Values), value => Assert.Contains("…", value, StringComparison.Ordinal));

        foreach (var overlay in Overlays)
        {
            var documents = await RenderAsync(overlay);
            Assert.DoesNotContain(documents, d => Kind(d) == "Secret");
            foreach (var container in Workloads(documents).SelectMany(w => Items(PodSpec(w), "containers")))
            {
                foreach (var reference in Items(container, "env").Select(e => Get(e, "valueFrom", "secretKeyRef")).OfType<YamlNode>())
                {
                    Assert.True(secrets.TryGetValue(Text(reference, "name")!, out var keys) && keys.ContainsKey(Text(reference, "key")!), $"{overlay}: {Text(reference, "name")}/{Text(reference, "key")} is not in secret.example.yaml");
                }

                Assert.All(Items(container, "envFrom"), e => Assert.True(secrets.ContainsKey(Text(e, "secretRef", "name")!)));
                Assert.All(Items(container, "env"), e => Assert.DoesNotMatch("(?i)password=(?!\\$\\()", Text(e, "value") ?? ""));
            }
        }
    }
}
