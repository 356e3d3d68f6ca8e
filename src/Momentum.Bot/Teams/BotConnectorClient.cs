using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Momentum.Bot.Chat;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Teams;

/// <summary>The Bot Connector refused a call (or it could not be made): the status, and Teams' error code.</summary>
public sealed class BotConnectorException(int status, string code, string message) : Exception($"Bot Connector: {message}")
{
    private static readonly string[] GoneCodes = ["BotNotInConversationRoster", "MessageWritesBlocked", "ConversationBlockedByUser", "ConversationNotFound"];

    /// <summary>HTTP status; 0 when nothing was sent (an untrusted service URL).</summary>
    public int Status { get; } = status;

    public string Code { get; } = code;

    /// <summary>The bot is not (or no longer) in the conversation: removed, uninstalled or blocked.</summary>
    public bool ConversationGone => Status is 403 or 404 && GoneCodes.Contains(Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Trying again will not help.</summary>
    public bool Permanent => ConversationGone || Status is 0 or 400 or 403 or 404 or 413;

    public TimeSpan? RetryAfter { get; init; }

    internal static string Shorten(string text) => text.Length <= 300 ? text : text[..300];

    /// <summary>Teams' error code from a response body: <c>error.code</c>, or a <c>subCode</c> such as MessageWritesBlocked.</summary>
    internal static string CodeOf(string body)
    {
        foreach (var known in GoneCodes)
        {
            if (body.Contains(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && JsonFields.Text(error, "code") is { } code ? code : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}

/// <summary>
/// The Bot Connector REST API: send (<c>POST {serviceUrl}v3/conversations/{id}/activities</c>), reply
/// (<c>…/activities/{activityId}</c>) and update (<c>PUT</c>), conversation ids URL-encoded. The bot's token goes only to
/// service URLs that came on a validated activity (and pass <c>Teams__AllowedServiceUrlHosts</c> when set). Posts to a
/// conversation are paced within Teams' per-conversation limits (7 a second, 8 in 2 s, 60 in 30 s, 1,800 an hour);
/// 429 backs off with jitter (honouring <c>Retry-After</c>), 412/5xx retry, and a 401 fetches a fresh token once.
/// </summary>
public sealed partial class BotConnectorClient(
    IHttpClientFactory clients,
    BotConnectorTokens tokens,
    TrustedServiceUrls trusted,
    ChatMetrics metrics,
    TimeProvider time,
    ILogger<BotConnectorClient> logger)
{
    public const string HttpClientName = "teams.connector";
    private const int MaxAttempts = 4;
    private static readonly TimeSpan BaseBackoff = TimeSpan.FromSeconds(1);
    private static readonly (TimeSpan Window, int Max)[] Limits =
        [(TimeSpan.FromSeconds(1), 7), (TimeSpan.FromSeconds(2), 8), (TimeSpan.FromSeconds(30), 60), (TimeSpan.FromHours(1), 1800)];

    private readonly ConcurrentDictionary<string, Pace> _paces = new(StringComparer.Ordinal);
    private int _turns;


    /// <summary>Sends a message into the conversation, as a reply to <paramref name="replyToId"/> when given; answers the new activity's id.</summary>
    public Task<string?> SendAsync(string serviceUrl, string conversationId, JsonObject activity, string? replyToId, CancellationToken cancellationToken)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities" + (replyToId is { Length: > 0 } ? "/" + Uri.EscapeDataString(replyToId) : "");
        if (replyToId is { Length: > 0 })
        {
            activity["replyToId"] = replyToId;
        }

        return CallAsync(HttpMethod.Post, serviceUrl, conversationId, path, activity, cancellationToken);
    }

    /// <summary>Replaces an activity the bot sent (a card refreshed in place).</summary>
    public Task<string?> UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity["id"] = activityId;
        return CallAsync(HttpMethod.Put, serviceUrl, conversationId, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);
    }

    private async Task<string?> CallAsync(HttpMethod method, string serviceUrl, string conversationId, string path, JsonObject activity, CancellationToken cancellationToken)
    {
        if (!await trusted.AllowsAsync(serviceUrl))
        {
            Untrusted(logger, serviceUrl);
            throw new BotConnectorException(0, "UntrustedServiceUrl", $"{serviceUrl} did not come on a validated activity (or is not on Teams__AllowedServiceUrlHosts); the bot's token is not sent there");
        }

        var url = new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path);
        var body = activity.ToJsonString(AdaptiveCardRenderer.Json);
        var refreshedToken = false;
        for (var attempt = 1; ; attempt++)
        {
            await WaitTurnAsync(TeamsActivity.WithoutThread(conversationId)!, cancellationToken);
            var token = await tokens.GetAsync(cancellationToken);
            using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            metrics.Call(Platform.Teams, method == HttpMethod.Put ? "activities.update" : "activities.send", (int)response.StatusCode switch
            {
                429 => "ratelimited",
                >= 500 => "server_error",
                >= 400 => "http_error",
                _ => "answered",
            });
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return IdOf(text);
            }

            var status = (int)response.StatusCode;
            if (status == 401 && !refreshedToken)
            {
                tokens.Invalidate(token);
                refreshedToken = true;
                continue;
            }

            var retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
            if (status is 429 or 412 or 500 or 502 or 503 or 504 && attempt < MaxAttempts)
            {
                var wait = Backoff(attempt, retryAfter);
                Retrying(logger, status, conversationId, wait);
                await Task.Delay(wait, time, cancellationToken);
                continue;
            }

            throw new BotConnectorException(status, BotConnectorException.CodeOf(text), $"{method} {path} answered {status}: {BotConnectorException.Shorten(text)}")
            {
                RetryAfter = status == 429 ? Backoff(attempt, retryAfter) : null,
            };
        }
    }

    /// <summary>Retry-After when the connector gave one, else exponential from one second; either way with up to 25 % jitter.</summary>
    private static TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var basis = retryAfter is { } given && given > TimeSpan.Zero ? given : retryAfter is not null ? TimeSpan.Zero : BaseBackoff * Math.Pow(2, attempt - 1);
        return basis + (basis * 0.25 * Random.Shared.NextDouble());
    }

    /// <summary>Waits until one more post to the conversation stays within every one of Teams' windows, then takes it.</summary>
    private async Task WaitTurnAsync(string conversation, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _turns) % 1024 == 0)
        {
            ForgetIdle();
        }

        var pace = _paces.GetOrAdd(conversation, _ => new Pace());
        await pace.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            while (pace.Sent.Count > 0 && now - pace.Sent.Peek() >= Limits[^1].Window)
            {
                pace.Sent.Dequeue();
            }

            var next = now;
            var sent = pace.Sent.ToArray();
            foreach (var (window, max) in Limits)
            {
                if (sent.Length >= max && sent[^max] + window > next)
                {
                    next = sent[^max] + window;
                }
            }

            if (next > now)
            {
                // The timer exists before the post counts as held, so a clock moved on seeing it cannot be missed.
                var turn = Task.Delay(next - now, time, cancellationToken);
                using (metrics.Paced(Platform.Teams))
                {
                    await turn;
                }
            }

            pace.Sent.Enqueue(time.GetUtcNow());
        }
        finally
        {
            pace.Gate.Release();
        }
    }

    /// <summary>Drops the pacing state of conversations nothing was posted to for an hour.</summary>
    private void ForgetIdle()
    {
        var now = time.GetUtcNow();
        foreach (var (conversation, pace) in _paces)
        {
            if (pace.Gate.Wait(0))
            {
                try
                {
                    if (pace.Sent.Count == 0 || now - pace.Sent.Last() >= Limits[^1].Window)
                    {
                        _paces.TryRemove(conversation, out _);
                    }
                }
                finally
                {
                    pace.Gate.Release();
                }
            }
        }
    }

    private static string? IdOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonFields.Text(document.RootElement, "id");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Pace
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Queue<DateTimeOffset> Sent { get; } = new();
    }

    [LoggerMessage(1, LogLevel.Warning, "Refused to send the bot's token to {ServiceUrl}: not a trusted service URL")]
    private static partial void Untrusted(ILogger logger, string serviceUrl);

    [LoggerMessage(2, LogLevel.Warning, "Bot Connector answered {Status} for conversation {Conversation}; retrying in {Wait}")]
    private static partial void Retrying(ILogger logger, int status, string conversation, TimeSpan wait);
}

/// <summary>
/// Service URLs the bot's token may go to: those that came on an activity whose JWT was valid (its <c>serviceurl</c>
/// claim matched), remembered in Redis so proactive posts after a restart still work, and, when
/// <c>Teams__AllowedServiceUrlHosts</c> is set, on that list.
/// </summary>
public sealed class TrustedServiceUrls(TeamsConversationStore store, IOptions<TeamsOptions> options)
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Called for every validated activity; touches Redis only for a URL this process has not seen.</summary>
    public async Task TrustAsync(string serviceUrl)
    {
        var key = Key(serviceUrl);
        if (key is null || _known.ContainsKey(key))
        {
            return;
        }

        await store.TrustServiceUrlAsync(key);
        _known[key] = true;
    }

    public async Task<bool> AllowsAsync(string serviceUrl)
    {
        var key = Key(serviceUrl);
        if (key is null || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) || !options.Value.AllowsHost(url.Host)
            || !TeamsOptions.IsSecureOrLoopback(url))
        {
            return false;
        }

        if (_known.ContainsKey(key))
        {
            return true;
        }

        if (!await store.IsTrustedServiceUrlAsync(key))
        {
            return false;
        }

        _known[key] = true;
        return true;
    }

    private static string? Key(string serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"
            ? url.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant() + "/"
            : null;
}
