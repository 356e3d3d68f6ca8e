using System.Text.Json;
using Momentum.Bot.Teams;

namespace Momentum.Bot.Tests.Teams;

public sealed class TeamsTextTests
{
    private static TeamsActivity Message(string text, params (string Id, string Text)[] mentions)
    {
        var entities = string.Join(',', mentions.Select(m => $$"""{"type":"mention","mentioned":{"id":"{{m.Id}}","name":"x"},"text":{{JsonSerializer.Serialize(m.Text)}}}"""));
        var json = $$"""{"type":"message","channelId":"msteams","text":{{JsonSerializer.Serialize(text)}},"recipient":{"id":"28:bot"},"from":{"id":"29:user"},"entities":[{{entities}}]}""";
        return TeamsActivity.Parse(JsonDocument.Parse(json).RootElement)!;
    }

    [Theory]
    [InlineData("<at>Momentum</at> cilium", "cilium")]
    [InlineData("<at>Momentum</at> /momentum compare cilium calico", "compare cilium calico")]
    [InlineData("<at>Momentum</at> momentum cilium", "cilium")]
    [InlineData("<at>Momentum</at>&nbsp;vendor cilium", "vendor cilium")]
    [InlineData("<at>Momentum</at>", "")]
    [InlineData("momentum", "")]
    [InlineData("momentumx", "momentumx")]
    public void TheBotsMentionAndAnOptionalPrefixAreStripped(string text, string command)
    {
        Assert.Equal(command, TeamsText.CommandText(Message(text, ("28:bot", "<at>Momentum</at>"))));
    }

    [Fact]
    public void TheMentionIsFoundThroughItsEntityNotTheDisplayName()
    {
        // Renamed or localised: the entity's text is what the message holds.
        var activity = Message("<at>Momentum (Contoso IT)</at> vendor <at>Ana Ruiz</at> add Globex globex.com", ("28:bot", "<at>Momentum (Contoso IT)</at>"), ("29:ana", "<at>Ana Ruiz</at>"));

        Assert.Equal("vendor Ana Ruiz add Globex globex.com", TeamsText.CommandText(activity));
    }

    [Fact]
    public void EntitiesInTheTextAreDecoded()
    {
        Assert.Equal("vendor x add \"AT&T\" att.com", TeamsText.CommandText(Message("<at>Momentum</at> vendor x add &quot;AT&amp;T&quot; att.com", ("28:bot", "<at>Momentum</at>"))));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a & b < c > d", "a &amp; b &lt; c &gt; d")]
    [InlineData("**bold** _it_ `code` ~strike~ [link](u) \\", @"\*\*bold\*\* \_it\_ \`code\` \~strike\~ \[link\](u) \\")]
    public void EscapeNeutralisesMarkdownAndMarkup(string text, string escaped)
    {
        Assert.Equal(escaped, TeamsText.Escape(text));
    }

    [Fact]
    public void AThreadsConversationIdLeadsToItsChannel()
    {
        var json = """{"type":"message","conversation":{"id":"19:abc@thread.tacv2;messageid=1759881511856","conversationType":"channel","tenantId":"t"},"channelData":{"team":{"id":"19:team@thread.tacv2"}}}""";
        var activity = TeamsActivity.Parse(JsonDocument.Parse(json).RootElement)!;

        Assert.Equal("19:abc@thread.tacv2", activity.Channel);
        Assert.Equal("19:team@thread.tacv2", activity.TeamId);
        Assert.Equal("t", activity.TenantId);
    }
}
