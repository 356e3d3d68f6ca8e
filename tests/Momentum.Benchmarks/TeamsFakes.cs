using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Benchmarks;

/// <summary>
/// Serves a fake login.botframework.com (OpenID metadata + JWKS) and a fake Bot Connector (token endpoint, v3
/// conversations, <c>/stats</c>) on 127.0.0.1 until SIGTERM, after printing one JSON line: where they are, and a
/// Bot Connector token for the app, signed by the fake's key and valid for an hour (the load script replays it).
/// </summary>
public static class TeamsFakes
{
    public const string Tenant = "50612dbb-0237-4969-b378-8d42590f9c00";

    public static async Task RunAsync(string appId)
    {
        await using var login = await FakeBotFrameworkLogin.StartAsync();
        await using var connector = await FakeBotConnector.StartAsync();
        var stop = new TaskCompletionSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        Console.WriteLine(new JsonObject
        {
            ["metadataUrl"] = login.MetadataUrl.AbsoluteUri,
            ["tokenUrl"] = connector.TokenUrl(Tenant).AbsoluteUri,
            ["serviceUrl"] = connector.ServiceUrl,
            ["statsUrl"] = new Uri(connector.BaseUrl, "stats").AbsoluteUri,
            ["tenant"] = Tenant,
            ["token"] = login.Sign(appId, connector.ServiceUrl, DateTimeOffset.UtcNow),
        }.ToJsonString());
        await Console.Out.FlushAsync();
        await stop.Task;
    }
}
