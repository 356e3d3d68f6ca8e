using Momentum.Bot.Commands;
using Momentum.Bot.Slack;

namespace Momentum.Bot.Tests.Slack;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("", typeof(HelpCommand))]
    [InlineData("help", typeof(HelpCommand))]
    [InlineData("/momentum help", typeof(HelpCommand))]
    [InlineData("cilium", typeof(MomentumCommand))]
    [InlineData("compare cilium istio", typeof(CompareCommand))]
    [InlineData("vendor backstage", typeof(VendorShowCommand))]
    [InlineData("vendor backstage add Roadie roadie.io", typeof(VendorChangeCommand))]
    [InlineData("alias net cilium/cilium cilium/tetragon", typeof(AliasCommand))]
    [InlineData("aliases", typeof(AliasesCommand))]
    [InlineData("alias net", typeof(AliasShowCommand))]
    [InlineData("vendor backstage reset", typeof(VendorResetCommand))]
    [InlineData("subscribe list", typeof(SubscriptionsCommand))]
    [InlineData("subscribe cilium/cilium", typeof(SubscribeCommand))]
    [InlineData("subscribe infra weekly day=fri time=17:30", typeof(SubscribeCommand))]
    public void CommandsParse(string text, Type expected) => Assert.IsType(expected, CommandParser.Parse(text));

    [Fact]
    public void PublicMakesTheCardVisibleToTheChannel()
    {
        Assert.Equal(new MomentumCommand("cilium", Public: true), CommandParser.Parse("cilium public"));
        Assert.Equal(new MomentumCommand("cilium/cilium"), CommandParser.Parse("  cilium/cilium  "));
    }

    [Fact]
    public void QuotedNamesStayTogether()
    {
        var command = Assert.IsType<VendorChangeCommand>(CommandParser.Parse("vendor prometheus add “Grafana Labs” grafana.com GRAFANA.net."));
        Assert.Equal("Grafana Labs", command.Organization);
        Assert.Equal(["grafana.com", "grafana.net"], command.Domains);
        Assert.True(command.Add);
    }

    [Theory]
    [InlineData("compare cilium", "at least two")]
    [InlineData("compare a b c d e f", "at most 5")]
    [InlineData("compare cilium CILIUM", "two different")]
    [InlineData("vendor", "Which project")]
    [InlineData("vendor cilium promote Acme", "not add, remove or reset")]
    [InlineData("vendor cilium add Acme", "at least one of its email domains")]
    [InlineData("vendor cilium reset now", "takes nothing after it")]
    [InlineData("subscribe infra alerts day=fri time=17:30", "Add 'weekly'")]
    [InlineData("subscribe infra alerts tz=Europe/Berlin", "Add 'weekly'")]
    [InlineData("vendor cilium add", "Which organisation")]
    [InlineData("vendor cilium add Acme not_a_domain", "not a domain")]
    [InlineData("vendor cilium remove Acme acme.com", "just the organisation")]
    [InlineData("cilium tomorrow", "'tomorrow'")]
    [InlineData("alias", "needs a name")]
    [InlineData("alias Bad_Name cilium/cilium", "can't be an alias")]
    [InlineData("aliases now", "no arguments")]
    public void BadInputGetsAClearMessageAndTheUsage(string text, string message)
    {
        var invalid = Assert.IsType<InvalidCommand>(CommandParser.Parse(text));
        Assert.Contains(message, invalid.Message, StringComparison.Ordinal);
        Assert.StartsWith("/momentum", invalid.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongInputIsRefused() =>
        Assert.IsType<InvalidCommand>(CommandParser.Parse(new string('a', CommandParser.MaxLength + 1)));

    [Theory]
    [InlineData("<@U0LAN0Z89> cilium", "U0LAN0Z89", "cilium")]
    [InlineData("<https://github.com/cilium/cilium|github.com/cilium/cilium>", null, "https://github.com/cilium/cilium")]
    [InlineData("vendor x add A&amp;B ab.com", null, "vendor x add A&B ab.com")]
    [InlineData("<!channel> cilium", null, "cilium")]
    public void SlackMarkupIsTurnedBackIntoText(string text, string? bot, string expected) =>
        Assert.Equal(expected, SlackText.Unescape(text, bot));
}
