using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Slack;

/// <summary>
/// Socket Mode: the bot opens a WebSocket to Slack (<c>apps.connections.open</c> with <c>Slack__AppToken</c>), so it
/// runs on a laptop with no public URL. Every envelope is acknowledged by its id — a slash command's ack carries
/// its answer — and the connection is reopened when Slack asks (<c>disconnect</c>) or drops it.
/// </summary>
public sealed partial class SlackSocketMode(
    SlackApiClient api,
    SlackInbound inbound,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackSocketMode> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var connections = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var opened = await api.CallAsync("apps.connections.open", options.Value.AppToken, null, stoppingToken);
                var url = new Uri(opened.GetProperty("url").GetString()!);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(url, stoppingToken);
                Connected(logger, ++connections);
                var connectedAt = time.GetTimestamp();
                if (await ReceiveAsync(socket, stoppingToken))
                {
                    backoff = TimeSpan.FromSeconds(1);
                    continue; // Slack asked us to reconnect: at once.
                }

                // Closed without being asked: reconnect, but not in a tight loop when it keeps closing right away.
                if (time.GetElapsedTime(connectedAt) > TimeSpan.FromMinutes(1))
                {
                    backoff = TimeSpan.FromSeconds(1);
                }

                Dropped(logger, backoff);
                await Task.Delay(backoff, time, stoppingToken);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or SlackApiException or HttpRequestException or JsonException or InvalidOperationException)
            {
                ConnectionFailed(logger, backoff, ex.Message);
                await Task.Delay(backoff, time, stoppingToken);
                backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
            }
        }
    }

    /// <summary>Reads envelopes until the socket closes; true when Slack asked for the reconnect (a disconnect frame).</summary>
    private async Task<bool> ReceiveAsync(ClientWebSocket socket, CancellationToken stoppingToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open && !stoppingToken.IsCancellationRequested)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, stoppingToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return false;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var document = JsonFields.TryParse(message.ToArray());
            if (document is null)
            {
                Unreadable(logger, message.Length);
                continue;
            }

            var frame = document.RootElement;
            var type = frame.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "disconnect")
            {
                Disconnect(logger, frame.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", stoppingToken);
                return true;
            }

            if (!frame.TryGetProperty("envelope_id", out var envelopeId))
            {
                continue; // hello
            }

            // One envelope failing (the store briefly down, a payload of an unexpected shape) must not end the
            // connection, let alone the host: the error is logged and the next envelope is read.
            try
            {
                var ack = envelopeId.GetString();
                var payload = frame.TryGetProperty("payload", out var p) ? p : default;
                switch (type)
                {
                    case "slash_commands":
                        var slash = SlashCommand.From(name => payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null);
                        await AckAsync(socket, ack, await inbound.SlashCommandAsync(slash, stoppingToken), stoppingToken);
                        break;
                    case "events_api":
                        await AckAsync(socket, ack, null, stoppingToken);
                        await inbound.EventAsync(payload);
                        break;
                    case "interactive":
                        await AckAsync(socket, ack, null, stoppingToken);
                        inbound.Interaction(payload);
                        break;
                    default:
                        await AckAsync(socket, ack, null, stoppingToken);
                        break;
                }
            }
#pragma warning disable CA1031 // Any failure handling one envelope is logged; only socket failures reconnect.
            catch (Exception ex) when (ex is not WebSocketException && !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                EnvelopeFailed(logger, type, ex);
            }
        }

        return false;
    }

    /// <summary>Acknowledges an envelope, with the answer (already JSON) as its payload when there is one.</summary>
    private static async Task AckAsync(ClientWebSocket socket, string? envelopeId, byte[]? payload, CancellationToken cancellationToken)
    {
        var frame = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(frame))
        {
            writer.WriteStartObject();
            writer.WriteString("envelope_id", envelopeId);
            if (payload is not null)
            {
                writer.WritePropertyName("payload");
                writer.WriteRawValue(payload);
            }

            writer.WriteEndObject();
        }

        await socket.SendAsync(frame.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    [LoggerMessage(1, LogLevel.Information, "Slack Socket Mode connected (connection {Count})")]
    private static partial void Connected(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Information, "Slack asked to reconnect ({Reason})")]
    private static partial void Disconnect(ILogger logger, string? reason);

    [LoggerMessage(5, LogLevel.Warning, "Slack closed the Socket Mode connection; reconnecting in {Backoff}")]
    private static partial void Dropped(ILogger logger, TimeSpan backoff);

    [LoggerMessage(3, LogLevel.Warning, "Slack Socket Mode connection failed; retrying in {Backoff}: {Error}")]
    private static partial void ConnectionFailed(ILogger logger, TimeSpan backoff, string error);

    [LoggerMessage(4, LogLevel.Error, "Handling a Slack Socket Mode {Type} envelope failed")]
    private static partial void EnvelopeFailed(ILogger logger, string? type, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Skipped a Slack Socket Mode frame of {Length} bytes that is not UTF-8 JSON")]
    private static partial void Unreadable(ILogger logger, long length);
}
