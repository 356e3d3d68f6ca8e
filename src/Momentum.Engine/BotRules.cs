namespace Momentum.Engine;

/// <summary>
/// Decides which identities are automation. Bots are excluded from every count and reported as excluded events.
/// Rules (documented in the README): a GitHub account of type Bot; a login ending in <c>[bot]</c>; a login in the
/// named list; a login matching a pattern (<c>*-bot</c>, <c>*-robot</c>, <c>bot-*</c>, <c>robot-*</c>,
/// <c>*-jenkins</c>, <c>jenkins-*</c>); an email naming a <c>[bot]</c> account; GitHub's own noreply@/actions@github.com.
/// </summary>
public sealed class BotRules
{
    /// <summary>Automation accounts that are ordinary <c>User</c> accounts, so type and suffix checks miss them.</summary>
    public static readonly IReadOnlyList<string> DefaultNamedAccounts =
    [
        "dependabot", "dependabot-preview", "renovate", "renovate-bot", "renovatebot", "github-actions",
        "k8s-ci-robot", "k8s-merge-robot", "k8s-triage-robot", "web-flow", "googlebot", "coveralls", "codecov-io",
        "codecov-commenter", "prowbot", "fluxcdbot", "opentelemetrybot", "argo-bot", "cilium-bot", "crossplane-bot",
        "backstage-service", "mergify", "snyk-bot", "stale", "allcontributors", "imgbot", "greenkeeper",
        "pre-commit-ci", "copilot", "copilot-swe-agent", "netlify", "vercel", "sonarcloud", "linux-foundation-easycla",
        "cncf-ci", "release-please", "semantic-release-bot", "istio-testing", "knative-prow-robot", "tekton-robot",
        "openshift-ci-robot", "openshift-merge-robot", "thanos-bot", "prombot", "grafanabot", "kodiakhq",
    ];

    private readonly HashSet<string> _named;

    public BotRules(IEnumerable<string>? extraNamedAccounts = null)
    {
        _named = new HashSet<string>(DefaultNamedAccounts, StringComparer.OrdinalIgnoreCase);
        if (extraNamedAccounts is not null)
        {
            _named.UnionWith(extraNamedAccounts);
        }
    }

    public static BotRules Default { get; } = new();

    public bool IsBot(string identity, bool isBotAccount)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (isBotAccount)
        {
            return true;
        }

        var id = identity.ToLowerInvariant();
        if (id.Contains("[bot]", StringComparison.Ordinal))
        {
            return true;
        }

        var at = id.IndexOf('@', StringComparison.Ordinal);
        var login = at < 0 ? id : id[..at];
        if (_named.Contains(login))
        {
            return true;
        }

        return login.EndsWith("-bot", StringComparison.Ordinal)
            || login.EndsWith("-robot", StringComparison.Ordinal)
            || login.StartsWith("bot-", StringComparison.Ordinal)
            || login.StartsWith("robot-", StringComparison.Ordinal)
            || login.EndsWith("-jenkins", StringComparison.Ordinal)
            || login.StartsWith("jenkins-", StringComparison.Ordinal)
            || (at >= 0 && id.EndsWith("@github.com", StringComparison.Ordinal) && login is "noreply" or "actions");
    }
}
