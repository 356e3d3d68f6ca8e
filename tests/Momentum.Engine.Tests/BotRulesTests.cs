namespace Momentum.Engine.Tests;

public sealed class BotRulesTests
{
    [Theory]
    [InlineData("dependabot[bot]")]
    [InlineData("renovate[bot]")]
    [InlineData("github-actions[bot]")]
    [InlineData("k8s-ci-robot")]
    [InlineData("dependabot")]
    [InlineData("fluxcdbot")]
    [InlineData("opentelemetrybot")]
    [InlineData("my-release-bot")]
    [InlineData("robot-deployer")]
    [InlineData("49699333+dependabot[bot]@users.noreply.github.com")]
    [InlineData("noreply@github.com")]
    public void RecognisesAutomationAccounts(string identity) => Assert.True(BotRules.Default.IsBot(identity, false));

    [Theory]
    [InlineData("abbot")]
    [InlineData("talbot")]
    [InlineData("robotics-fan")]
    [InlineData("ana@acme.com")]
    public void LeavesPeopleAlone(string identity) => Assert.False(BotRules.Default.IsBot(identity, false));

    [Fact]
    public void TrustsTheGitHubBotAccountType() => Assert.True(BotRules.Default.IsBot("some-app", isBotAccount: true));

    [Fact]
    public void ExtraNamedAccountsCanBeAdded() => Assert.True(new BotRules(["ci-helper"]).IsBot("ci-helper", false));
}
