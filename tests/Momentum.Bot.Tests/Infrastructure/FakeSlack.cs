using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Momentum.Bot.Tests.Infrastructure;

public sealed record SlackCall(string Path, string? Authorization, string ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A fake of Slack on 127.0.0.1 speaking its wire format: the Web API (<c>/api/{method}</c>, JSON or form, answering
/// <c>ok: true</c> unless told otherwise), response URLs (<c>/response/{id}</c>), and a Socket Mode WebSocket.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CallLog<SlackCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, int? RetryAfter)>> _scripted = new(StringComparer.Ordinal);
    private readonly List<(string Channel, string Ts, JsonObject Message)> _history = [];
    private long _ts = 1_700_000_000_000_100;

    private FakeSlack(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri ApiBaseUrl => new(BaseUrl, "api/");

    public IReadOnlyList<SlackCall> Calls => _calls.Calls;

    /// <summary>What Slack would show in its channels: every message chat.postMessage really posted.</summary>
    public IReadOnlyList<(string Channel, JsonObject Message)> History
    {
        get
        {
            lock (_history)
            {
                return _history.Select(h => (h.Channel, h.Message)).ToArray();
            }
        }
    }

    /// <summary>Deletes a message from the channel, as a person in Slack would (chat.update then answers message_not_found).</summary>
    public void Delete(string channel, string ts)
    {
        lock (_history)
        {
            _history.RemoveAll(h => h.Channel == channel && h.Ts == ts);
        }
    }

    /// <summary>The channel's messages with their ts, oldest first.</summary>
    public IReadOnlyList<(string Channel, string Ts, JsonObject Message)> Messages
    {
        get
        {
            lock (_history)
            {
                return _history.ToArray();
            }
        }
    }

    /// <summary>Socket Mode: the connected bot's socket, and the frames it sent us.</summary>
    public WebSocket? Socket { get; private set; }

    private int _socketConnections;

    public int SocketConnections => Volatile.Read(ref _socketConnections);

    public ConcurrentQueue<JsonElement> SocketFrames { get; } = new();

    public event Action<WebSocket>? SocketOpened;

    public Uri ResponseUrl(string id) => new(BaseUrl, $"response/{id}");

    /// <summary>Files uploaded through files.getUploadURLExternal's upload URL, by file id (bytes as received).</summary>
    public ConcurrentDictionary<string, byte[]> Uploads { get; } = new(StringComparer.Ordinal);

    /// <summary>Files completed by files.completeUploadExternal: only these can be shown.</summary>
    public ConcurrentDictionary<string, bool> CompletedFiles { get; } = new(StringComparer.Ordinal);

    private int _files;

    private async Task UploadAsync(HttpContext context, string id)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        Uploads[id] = buffer.ToArray();
        _calls.Add(new SlackCall(context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(), context.Request.ContentType ?? "", ""));
        await context.Response.WriteAsync($"OK - {buffer.Length}");
    }

    public static async Task<FakeSlack> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlack(app);
        app.UseWebSockets();
        app.Map("/socket", fake.SocketAsync);
        app.MapPost("/api/{method}", fake.ApiAsync);
        app.MapPost("/response/{id}", fake.ResponseAsync);
        app.MapPost("/upload/{id}", fake.UploadAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>The next call to <paramref name="method"/> gets this answer instead of ok.</summary>
    public void Script(string method, int status, string body, int? retryAfter = null) =>
        _scripted.GetOrAdd(method, _ => new()).Enqueue((status, body, retryAfter));

    /// <summary>
    /// The next chat.postMessage drops the connection without an answer: after Slack posted the message
    /// (<paramref name="posted"/>: a replica that died right after posting) or before (one that died before).
    /// </summary>
    public void DropNextPost(bool posted) =>
        _scripted.GetOrAdd("chat.postMessage", _ => new()).Enqueue((posted ? DropAfterPosting : DropBeforePosting, "", null));

    private const int DropBeforePosting = -1;
    private const int DropAfterPosting = -2;

    public Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, TimeSpan? timeout = null) => _calls.WaitForAsync(match, timeout);

    public Task<SlackCall> WaitForPathAsync(string path) => WaitForAsync(c => c.Path == path);

    public async Task SendFrameAsync(JsonObject frame) =>
        await Socket!.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ApiAsync(HttpContext context, string method)
    {
        var call = await RecordAsync(context);
        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
        {
            if (scripted.Status is DropBeforePosting or DropAfterPosting)
            {
                if (scripted.Status == DropAfterPosting)
                {
                    Keep(call);
                }

                context.Abort();
                return;
            }

            if (scripted.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.StatusCode = scripted.Status;
            await context.Response.WriteAsync(scripted.Body);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        if (method == "chat.postMessage")
        {
            var (channel, ts) = Keep(call);
            await context.Response.WriteAsync(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts }.ToJsonString());
            return;
        }

        if (method == "chat.update")
        {
            // Like Slack: the message must be in the channel; its blocks and text change, its metadata stays unless given.
            var update = JsonNode.Parse(call.Body)!.AsObject();
            var channel = update["channel"]?.GetValue<string>();
            var ts = update["ts"]?.GetValue<string>();
            bool found;
            lock (_history)
            {
                var index = _history.FindIndex(h => h.Channel == channel && h.Ts == ts);
                found = index >= 0;
                if (found)
                {
                    var message = _history[index].Message.DeepClone().AsObject();
                    foreach (var field in new[] { "text", "blocks", "metadata" })
                    {
                        if (update[field] is { } value)
                        {
                            message[field] = value.DeepClone();
                        }
                    }

                    _history[index] = (_history[index].Channel, _history[index].Ts, message);
                }
            }

            await context.Response.WriteAsync(found
                ? new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts, ["text"] = update["text"]?.GetValue<string>() }.ToJsonString()
                : """{"ok":false,"error":"message_not_found"}""");
            return;
        }

        if (method == "conversations.history")
        {
            var query = JsonNode.Parse(call.Body)!.AsObject();
            var channel = query["channel"]!.GetValue<string>();
            var withMetadata = query["include_all_metadata"]?.GetValue<bool>() == true;
            JsonArray messages;
            lock (_history)
            {
                messages = new JsonArray(_history.Where(h => h.Channel == channel).Select(h =>
                {
                    var item = new JsonObject { ["type"] = "message", ["ts"] = h.Ts, ["text"] = h.Message["text"]?.GetValue<string>() };
                    if (withMetadata && h.Message["metadata"] is { } metadata)
                    {
                        item["metadata"] = metadata.DeepClone();
                    }

                    return (JsonNode)item;
                }).Reverse().ToArray());
            }

            await context.Response.WriteAsync(new JsonObject { ["ok"] = true, ["messages"] = messages }.ToJsonString());
            return;
        }

        if (method == "files.getUploadURLExternal")
        {
            var id = $"F{Interlocked.Increment(ref _files):D8}";
            await context.Response.WriteAsync(new JsonObject { ["ok"] = true, ["upload_url"] = new Uri(BaseUrl, $"upload/{id}").AbsoluteUri, ["file_id"] = id }.ToJsonString());
            return;
        }

        if (method == "files.completeUploadExternal")
        {
            var files = JsonNode.Parse(call.Body)!["files"]!.AsArray();
            var ok = files.All(f => Uploads.ContainsKey(f!["id"]!.GetValue<string>()));
            foreach (var f in files)
            {
                CompletedFiles[f!["id"]!.GetValue<string>()] = true;
            }

            await context.Response.WriteAsync(ok ? new JsonObject { ["ok"] = true, ["files"] = files.DeepClone() }.ToJsonString() : """{"ok":false,"error":"file_not_found"}""");
            return;
        }

        await context.Response.WriteAsync(method switch
        {
            "apps.connections.open" => new JsonObject { ["ok"] = true, ["url"] = $"ws://{BaseUrl.Authority}/socket" }.ToJsonString(),
            "oauth.v2.access" => """{"ok":true,"access_token":"xoxb-installed-token","token_type":"bot","scope":"commands,chat:write","bot_user_id":"UBOT2","app_id":"A1","team":{"name":"Acme Corp","id":"T0INSTALL"},"enterprise":null,"authed_user":{"id":"U1"},"is_enterprise_install":false}""",
            _ => """{"ok":true,"channel":"C1","ts":"1700000000.000100"}""",
        });
    }

    /// <summary>Keeps a posted message like Slack keeps channel history, metadata included, for conversations.history.</summary>
    private (string Channel, string Ts) Keep(SlackCall call)
    {
        var message = JsonNode.Parse(call.Body)!.AsObject();
        var channel = message["channel"]!.GetValue<string>();
        // Whole microseconds, like Slack's ts: a double would round neighbours to the same ts.
        var n = Interlocked.Increment(ref _ts);
        var ts = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n / 1_000_000}.{n % 1_000_000:000000}");
        lock (_history)
        {
            _history.Add((channel, ts, message));
        }

        return (channel, ts);
    }

    private async Task ResponseAsync(HttpContext context, string id)
    {
        await RecordAsync(context);
        await context.Response.WriteAsync("ok");
    }

    private async Task<SlackCall> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var call = new SlackCall(context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(), context.Request.ContentType ?? "", await reader.ReadToEndAsync());
        _calls.Add(call);

        return call;
    }

    private async Task SocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Socket = socket;
        Interlocked.Increment(ref _socketConnections);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"hello","num_connections":1,"connection_info":{"app_id":"A1"}}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        SocketOpened?.Invoke(socket);
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }

            SocketFrames.Enqueue(JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone());
        }
    }
}
