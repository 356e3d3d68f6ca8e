using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;
using StackExchange.Redis;

namespace Momentum.Bot.Slack;

/// <summary>
/// Gets a reply's charts where Slack can show them: by signed URL when the host has a public address; otherwise
/// uploaded to the workspace (<c>files.getUploadURLExternal</c>, the bytes, <c>files.completeUploadExternal</c>) and
/// shown as <c>slack_file</c>. A chart (by its content id) is uploaded once per workspace: its file id is kept in Redis
/// for <c>Charts__UrlLifetime</c>, so every replica and every later answer with the same picture reuses it. A missing
/// <c>files:write</c> scope or a failed upload leaves the text card as it is, with a note saying why the picture is
/// missing, and is not tried again for <see cref="RetryAfterFailure"/> with the same token (a reinstall brings a new
/// token, which is tried at once): otherwise every answer in a workspace without the scope would wait on Slack.
/// </summary>
public sealed partial class SlackCharts(
    ChartPublisher publisher,
    SlackApiClient api,
    SlackTokens tokens,
    IConnectionMultiplexer redis,
    RedisKeys keys,
    IOptions<ChartsOptions> options,
    TimeProvider time,
    ILogger<SlackCharts> logger)
{
    public const string MissingScopeNote = "Charts are not shown: the Slack app lacks the files:write scope (reinstall it to grant it), or set Momentum__PublicBaseUrl.";

    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    private readonly ConditionalWeakTable<Reply, Dictionary<string, Reply>> _uploaded = [];
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, string Note)> _failed = new(StringComparer.Ordinal);

    public async Task<Reply> PrepareAsync(Reply reply, string? workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Charts.Count == 0 || reply.Charts.All(c => c.Delivered))
        {
            return reply;
        }

        if (publisher.Enabled)
        {
            return await publisher.PublishAsync(reply, cancellationToken);
        }

        if (workspace is null)
        {
            return reply;
        }

        // The same answer again (a cached card): no token or store read on this path.
        var byWorkspace = _uploaded.GetOrCreateValue(reply);
        lock (byWorkspace)
        {
            if (byWorkspace.TryGetValue(workspace, out var known))
            {
                return known;
            }
        }

        if (await tokens.BotTokenAsync(workspace) is not { } token)
        {
            return reply;
        }

        var failure = FailureKey(workspace, token);
        if (_failed.TryGetValue(failure, out var failed) && failed.Until > time.GetUtcNow())
        {
            return reply with { Notes = [.. reply.Notes, failed.Note] };
        }

        Reply prepared;
        try
        {
            var charts = new List<ReplyChart>();
            foreach (var chart in reply.Charts)
            {
                charts.Add(chart.Delivered ? chart : chart with { SlackFileId = await FileOfAsync(workspace, token, chart, cancellationToken) });
            }

            prepared = reply with { Charts = charts };
        }
        catch (SlackApiException ex)
        {
            UploadFailed(logger, workspace, ex.Method, ex.Error);
            var note = ex.Error == "missing_scope" ? MissingScopeNote : $"Charts are not shown: the upload to Slack failed ({ex.Error}).";
            _failed[failure] = (time.GetUtcNow() + RetryAfterFailure, note);
            return reply with { Notes = [.. reply.Notes, note] };
        }

        _failed.TryRemove(failure, out _);
        lock (byWorkspace)
        {
            return byWorkspace.TryAdd(workspace, prepared) ? prepared : byWorkspace[workspace];
        }
    }

    // The token is part of the key, hashed: a reinstall (a new token) is tried at once, and no token sits in memory twice.
    private static string FailureKey(string workspace, string token) =>
        workspace + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];

    /// <summary>The chart's file in the workspace: the one uploaded before (any replica), or a new upload.</summary>
    private async Task<string> FileOfAsync(string workspace, string token, ReplyChart chart, CancellationToken cancellationToken)
    {
        var key = keys.SlackChartFile(workspace, chart.Id);
        var db = redis.GetDatabase();
        try
        {
            if (await db.StringGetAsync(key) is { HasValue: true } known)
            {
                return known.ToString();
            }
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex))
        {
            // Without the store the picture is uploaded again rather than left out.
        }

        var file = await UploadAsync(token, chart, cancellationToken);
        try
        {
            await db.StringSetAsync(key, file, options.Value.UrlLifetime);
        }
        catch (Exception ex) when (StoreUnavailable.Is(ex))
        {
            // Remembered in this reply only; the next answer with this picture uploads it again.
        }

        return file;
    }

    private async Task<string> UploadAsync(string token, ReplyChart chart, CancellationToken cancellationToken)
    {
        var start = await api.CallAsync("files.getUploadURLExternal", token, new JsonObject
        {
            ["filename"] = $"momentum-{chart.Kind}-{chart.Id}.png",
            ["length"] = chart.Png.Length,
            ["alt_txt"] = Reply.Truncate(chart.AltText, 1000),
        }, cancellationToken);
        var uploadUrl = start.TryGetProperty("upload_url", out var u) && Uri.TryCreate(u.GetString(), UriKind.Absolute, out var parsed) ? parsed : throw new SlackApiException("files.getUploadURLExternal", "no upload_url");
        var fileId = start.TryGetProperty("file_id", out var f) && f.GetString() is { Length: > 0 } id ? id : throw new SlackApiException("files.getUploadURLExternal", "no file_id");
        await api.UploadAsync(uploadUrl, chart.Png, "image/png", cancellationToken);
        await api.CallAsync("files.completeUploadExternal", token, new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = Reply.Truncate(chart.Title, 250) }),
        }, cancellationToken);
        return fileId;
    }

    [LoggerMessage(1, LogLevel.Warning, "Chart upload to Slack workspace {Workspace} failed at {Method}: {Error}; the card goes out without it")]
    private static partial void UploadFailed(ILogger logger, string workspace, string method, string error);
}
