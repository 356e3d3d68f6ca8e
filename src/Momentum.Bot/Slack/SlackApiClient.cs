using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Momentum.Bot.Chat;

namespace Momentum.Bot.Slack;

/// <summary>Slack answered <c>ok: false</c> (or an HTTP error): the error code says why.</summary>
public sealed class SlackApiException(string method, string error) : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;

    public string Error { get; } = error;

    /// <summary>For rate limits: how long Slack asked us to wait.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>
/// The Slack Web API and response URLs: JSON posts with a bearer token to <c>{Slack__ApiBaseUrl}{method}</c>,
/// <c>ok: false</c> treated as an error, 429 <c>Retry-After</c> honoured, and posts paced to about one a second per
/// channel (Slack's limit for chat.postMessage).
/// </summary>
public sealed partial class SlackApiClient(IHttpClientFactory clients, IOptions<SlackOptions> options, ChatMetrics metrics, TimeProvider time, ILogger<SlackApiClient> logger)
{
    public const string HttpClientName = "slack";
    private const int MaxAttempts = 4;
    private static readonly TimeSpan ChannelGap = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _channelGates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _channelNext = new(StringComparer.Ordinal);

    /// <param name="retry">Wait out 429s and 5xx here; false for callers that schedule their own retries (the outbox).</param>
    public Task<JsonElement> PostMessageAsync(string token, string channel, JsonObject message, string? threadTs, CancellationToken cancellationToken, bool retry = true)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = (JsonObject)message.DeepClone();
        body["channel"] = channel;
        body["unfurl_links"] = false;
        body["unfurl_media"] = false;
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }

        return PacedAsync(channel, () => CallAsync("chat.postMessage", token, body, cancellationToken, retry), cancellationToken);
    }

    /// <summary>Calls a Web API method with a JSON body.</summary>
    public async Task<JsonElement> CallAsync(string method, string? token, JsonObject? body, CancellationToken cancellationToken, bool retry = true)
    {
        var url = new Uri(options.Value.ApiBaseUrl, method);
        return await SendAsync(method, retry, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent((body ?? []).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return request;
        }, cancellationToken);
    }

    /// <summary>Calls a Web API method with a form body (oauth.v2.access takes one).</summary>
    public Task<JsonElement> CallFormAsync(string method, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var url = new Uri(options.Value.ApiBaseUrl, method);
        var fields = form.ToList();
        return SendAsync(method, retry: true, () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) }, cancellationToken);
    }

    /// <summary>
    /// Sends a file's bytes to the upload URL <c>files.getUploadURLExternal</c> gave: https on Slack's
    /// <c>files.slack.com</c>, or the origin of <c>Slack__ApiBaseUrl</c> (a Slack-compatible test server).
    /// </summary>
    public async Task UploadAsync(Uri uploadUrl, byte[] bytes, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uploadUrl);
        if (!uploadUrl.IsAbsoluteUri || uploadUrl.UserInfo.Length > 0 || !(SameOrigin(uploadUrl, UploadHost) || SameOrigin(uploadUrl, options.Value.ApiBaseUrl)))
        {
            throw new SlackApiException("files.upload", "not a Slack upload URL");
        }

        await SendAsync("files.upload", retry: true, () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = content };
        }, cancellationToken, expectJson: false);
    }

    private static readonly Uri UploadHost = new("https://files.slack.com/");

    /// <summary>Posts to a slash command's or interaction's <c>response_url</c> (up to five times in 30 minutes, by Slack's rules).</summary>
    public async Task PostToResponseUrlAsync(Uri responseUrl, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        ArgumentNullException.ThrowIfNull(body);
        if (!AllowsResponseUrl(responseUrl))
        {
            throw new SlackApiException("response_url", "not a Slack response URL");
        }

        await SendAsync("response_url", retry: true, () => new HttpRequestMessage(HttpMethod.Post, responseUrl)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        }, cancellationToken, expectJson: false);
    }

    /// <summary>
    /// Whether Momentum posts to this response URL: https on Slack's own <c>hooks.slack.com</c> (port 443), or the
    /// scheme, host and port of <c>Slack__ApiBaseUrl</c> (a Slack-compatible test server); never with user info.
    /// </summary>
    public bool AllowsResponseUrl(Uri responseUrl)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        return responseUrl.IsAbsoluteUri && responseUrl.UserInfo.Length == 0
            && (SameOrigin(responseUrl, ResponseHost) || SameOrigin(responseUrl, options.Value.ApiBaseUrl));
    }

    private static readonly Uri ResponseHost = new("https://hooks.slack.com/");

    private static bool SameOrigin(Uri url, Uri origin) =>
        string.Equals(url.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == origin.Port;

    private async Task<JsonElement> SendAsync(string method, bool retry, Func<HttpRequestMessage> build, CancellationToken cancellationToken, bool expectJson = true)
    {
        var maxAttempts = retry ? MaxAttempts : 1;
        for (var attempt = 1; ; attempt++)
        {
            using var request = build();
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            metrics.Call(Platform.Slack, method, response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => "ratelimited",
                >= HttpStatusCode.InternalServerError => "server_error",
                _ when !response.IsSuccessStatusCode => "http_error",
                _ => "answered",
            });
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt >= maxAttempts)
            {
                throw new SlackApiException(method, "ratelimited") { RetryAfter = response.Headers.RetryAfter?.Delta };
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                RateLimited(logger, method, wait);
                await Task.Delay(wait, time, cancellationToken);
                continue;
            }

            if ((int)response.StatusCode >= 500 && attempt < maxAttempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), time, cancellationToken);
                continue;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(method, $"HTTP {(int)response.StatusCode} {Shorten(text)}");
            }

            if (!expectJson && !text.TrimStart().StartsWith('{'))
            {
                return default;
            }

            using var document = JsonDocument.Parse(text);
            var root = document.RootElement.Clone();
            if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
            {
                throw new SlackApiException(method, root.TryGetProperty("error", out var error) ? error.GetString() ?? "unknown_error" : "unknown_error");
            }

            return root;
        }
    }

    private async Task<JsonElement> PacedAsync(string channel, Func<Task<JsonElement>> call, CancellationToken cancellationToken)
    {
        var gate = _channelGates.GetOrAdd(channel, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_channelNext.TryGetValue(channel, out var next) && next > now)
            {
                // The timer exists before the post counts as held, so whoever sees it held can move the clock.
                var delay = Task.Delay(next - now, time, cancellationToken);
                using (metrics.Paced(Platform.Slack))
                {
                    await delay;
                }
            }

            try
            {
                return await call();
            }
            finally
            {
                _channelNext[channel] = time.GetUtcNow() + ChannelGap;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200];

    [LoggerMessage(1, LogLevel.Warning, "Slack rate-limited {Method}; retrying in {Wait}")]
    private static partial void RateLimited(ILogger logger, string method, TimeSpan wait);
}
