using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Momentum.Bot.Charts;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Slack;

/// <summary>
/// Gets a reply's charts where Slack can show them: by signed URL when the host has a public address; otherwise
/// uploaded to the workspace (<c>files.getUploadURLExternal</c>, the bytes, <c>files.completeUploadExternal</c>) and
/// shown as <c>slack_file</c>. A missing <c>files:write</c> scope or a failed upload leaves the text card as it is,
/// with a note saying why the picture is missing.
/// </summary>
public sealed partial class SlackCharts(ChartPublisher publisher, SlackApiClient api, SlackTokens tokens, ILogger<SlackCharts> logger)
{
    public const string MissingScopeNote = "Charts are not shown: the Slack app lacks the files:write scope (reinstall it to grant it), or set Momentum__PublicBaseUrl.";

    private readonly ConditionalWeakTable<Reply, Dictionary<string, Reply>> _uploaded = [];

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

        if (workspace is null || await tokens.BotTokenAsync(workspace) is not { } token)
        {
            return reply;
        }

        var byWorkspace = _uploaded.GetOrCreateValue(reply);
        lock (byWorkspace)
        {
            if (byWorkspace.TryGetValue(workspace, out var known))
            {
                return known;
            }
        }

        Reply prepared;
        try
        {
            var charts = new List<ReplyChart>();
            foreach (var chart in reply.Charts)
            {
                charts.Add(chart.Delivered ? chart : chart with { SlackFileId = await UploadAsync(token, chart, cancellationToken) });
            }

            prepared = reply with { Charts = charts };
        }
        catch (SlackApiException ex)
        {
            UploadFailed(logger, workspace, ex.Method, ex.Error);
            // Not remembered: the next answer tries again (a reinstall may have granted the scope).
            return reply with
            {
                Notes = [.. reply.Notes, ex.Error == "missing_scope" ? MissingScopeNote : $"Charts are not shown: the upload to Slack failed ({ex.Error})."],
            };
        }

        lock (byWorkspace)
        {
            return byWorkspace.TryAdd(workspace, prepared) ? prepared : byWorkspace[workspace];
        }
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
