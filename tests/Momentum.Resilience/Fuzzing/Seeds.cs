using System.Text.Json.Nodes;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Resilience.Fuzzing;

/// <summary>Real payload shapes the mutations start from (trimmed from what Slack and Teams send).</summary>
public static class Seeds
{
    public static JsonObject[] SlackEvents() =>
    [
        JsonNode.Parse("""{"type":"event_callback","team_id":"T0001","api_app_id":"A1","event":{"type":"app_mention","user":"U061F7AUR","text":"<@U0LAN0Z89> acme/rocket","ts":"1515449522.000016","channel":"C123","event_ts":"1515449522.000016"},"event_id":"Ev1","event_time":1515449522,"authorizations":[{"team_id":"T0001","user_id":"U0LAN0Z89","is_bot":true}]}""")!.AsObject(),
        JsonNode.Parse("""{"type":"event_callback","team_id":"T0001","event":{"type":"message","channel_type":"im","user":"U061F7AUR","text":"help","ts":"1515449522.000017","channel":"D123"},"event_id":"Ev2","event_time":1515449522}""")!.AsObject(),
        JsonNode.Parse("""{"type":"event_callback","team_id":"T0001","event":{"type":"tokens_revoked","tokens":{"oauth":["U061F7AUR"],"bot":["U0LAN0Z89"]}},"event_id":"Ev3","event_time":1515449522}""")!.AsObject(),
        JsonNode.Parse("""{"type":"event_callback","team_id":"T0001","event":{"type":"app_uninstalled"},"event_id":"Ev4","event_time":1515449522}""")!.AsObject(),
        JsonNode.Parse("""{"type":"url_verification","token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}""")!.AsObject(),
    ];

    public static JsonObject[] SlackInteractions() =>
    [
        JsonNode.Parse("""{"type":"block_actions","team":{"id":"T0001"},"user":{"id":"U061F7AUR"},"channel":{"id":"C123"},"response_url":"https://hooks.slack.com/actions/T0001/1/abc","actions":[{"action_id":"refresh","block_id":"b","value":"acme/rocket","type":"button"}]}""")!.AsObject(),
        JsonNode.Parse("""{"type":"block_actions","team":{"id":"T0001"},"user":{"id":"U061F7AUR"},"channel":{"id":"C123"},"actions":[{"action_id":"compare","type":"static_select","selected_option":{"value":"acme/rocket acme/booster"}}]}""")!.AsObject(),
    ];

    public static JsonObject[] TeamsActivities()
    {
        // The shapes only: the ids are the test host's, so mutated copies reach its real handlers.
        var shapes = TeamsHostShapes.Value;
        return shapes.Select(s => (JsonObject)s.DeepClone()).ToArray();
    }

    private static readonly Lazy<JsonObject[]> TeamsHostShapes = new(() =>
    [
        JsonNode.Parse($$$$"""{"type":"message","id":"1","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","text":"<at>Momentum</at> acme/rocket","from":{"id":"{{{{TeamsHost.User}}}}","name":"Ann"},"recipient":{"id":"{{{{TeamsHost.Bot}}}}","name":"Momentum"},"conversation":{"id":"{{{{TeamsHost.ChannelId}}}};messageid=1","conversationType":"channel","tenantId":"{{{{TeamsHost.Tenant}}}}"},"channelData":{"team":{"id":"{{{{TeamsHost.TeamId}}}}"},"channel":{"id":"{{{{TeamsHost.ChannelId}}}}"},"tenant":{"id":"{{{{TeamsHost.Tenant}}}}"}},"entities":[{"type":"mention","mentioned":{"id":"{{{{TeamsHost.Bot}}}}","name":"Momentum"},"text":"<at>Momentum</at>"}]}""")!.AsObject(),
        JsonNode.Parse($$$$"""{"type":"invoke","name":"adaptiveCard/action","id":"2","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","from":{"id":"{{{{TeamsHost.User}}}}"},"recipient":{"id":"{{{{TeamsHost.Bot}}}}"},"conversation":{"id":"{{{{TeamsHost.PersonalChat}}}}","conversationType":"personal","tenantId":"{{{{TeamsHost.Tenant}}}}"},"replyToId":"1700000000999","value":{"action":{"type":"Action.Execute","verb":"refresh","data":{"project":"acme/rocket"}},"trigger":"manual"}}""")!.AsObject(),
        JsonNode.Parse($$$$"""{"type":"conversationUpdate","id":"3","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","from":{"id":"{{{{TeamsHost.User}}}}"},"recipient":{"id":"{{{{TeamsHost.Bot}}}}"},"conversation":{"id":"{{{{TeamsHost.TeamId}}}}","conversationType":"channel","tenantId":"{{{{TeamsHost.Tenant}}}}"},"membersAdded":[{"id":"{{{{TeamsHost.Bot}}}}"}],"channelData":{"eventType":"teamMemberAdded","team":{"id":"{{{{TeamsHost.TeamId}}}}"},"tenant":{"id":"{{{{TeamsHost.Tenant}}}}"}}}""")!.AsObject(),
        JsonNode.Parse($$$$"""{"type":"installationUpdate","action":"add","id":"4","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","from":{"id":"{{{{TeamsHost.User}}}}"},"recipient":{"id":"{{{{TeamsHost.Bot}}}}"},"conversation":{"id":"{{{{TeamsHost.PersonalChat}}}}","conversationType":"personal","tenantId":"{{{{TeamsHost.Tenant}}}}"}}""")!.AsObject(),
    ]);
}
