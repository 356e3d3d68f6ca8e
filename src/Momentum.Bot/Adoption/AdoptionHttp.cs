using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Adoption;

/// <summary>
/// The one way the sources make requests: the configured User-Agent, <c>If-None-Match</c> when a reading has an ETag,
/// the request timeout, the source's hourly budget and its Retry-After (both kept in Redis, for every replica), and every
/// failure mapped to an <see cref="AdoptionSourceException"/> (429, 404 as an unknown package, other statuses, timeouts,
/// unreachable hosts, malformed JSON).
/// </summary>
public sealed class AdoptionHttp(IHttpClientFactory clients, AdoptionStore store, IOptions<AdoptionOptions> options, IOptionsMonitor<AdoptionSourceOptions> sources, TimeProvider time)
{
    public const string HttpClientName = "adoption";

    /// <summary>Retry-After when a 429 gives none.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The body as JSON (caller disposes), or null when the server answered 304 Not Modified; with the response's ETag.
    /// Throws <see cref="AdoptionDeferredException"/> without a request while the source's budget is spent or it asked to wait.
    /// </summary>
    public async Task<(JsonDocument? Body, string? ETag)> GetJsonAsync(string source, Uri url, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (await store.BlockedUntilAsync(source) is { } until && until > time.GetUtcNow())
        {
            throw new AdoptionDeferredException($"rate-limited until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC");
        }

        if (!await store.TakeBudgetAsync(source, time.GetUtcNow(), sources.Get(source).RequestsPerHour))
        {
            throw new AdoptionDeferredException("this hour's request budget is spent");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        // As given: an operator's contact line ("my-bot (ops@example.com)") need not parse as product tokens.
        request.Headers.TryAddWithoutValidation("User-Agent", options.Value.UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (etag is { Length: > 0 } && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdoptionSourceException("timed out");
        }
        catch (HttpRequestException ex)
        {
            throw new AdoptionSourceException($"unreachable ({ex.HttpRequestError})");
        }

        using (response)
        {
            var newTag = response.Headers.ETag?.ToString();
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotModified:
                    return (null, newTag ?? etag);
                case HttpStatusCode.TooManyRequests:
                    var wait = RetryAfter(response);
                    await store.BlockAsync(source, time.GetUtcNow() + wait, wait);
                    throw new AdoptionSourceException("rate-limited");
                case HttpStatusCode.NotFound:
                    throw new AdoptionSourceException("unknown package");
                case var status when !response.IsSuccessStatusCode:
                    throw new AdoptionSourceException($"HTTP {(int)status}");
            }

            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                return (await JsonDocument.ParseAsync(stream, default, timeout.Token), newTag);
            }
            catch (JsonException)
            {
                throw new AdoptionSourceException("malformed answer");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AdoptionSourceException("timed out");
            }
        }
    }

    /// <summary>
    /// A source's number from one JSON answer: <paramref name="read"/> turns the body into the value and its detail; a
    /// 304 is "not modified" (the last reading stands).
    /// </summary>
    public async Task<SourceAnswer> ReadAsync(string source, Uri url, string? etag, string metric, Func<JsonElement, (long Value, string? Detail)> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var (body, tag) = await GetJsonAsync(source, url, etag, cancellationToken);
        using (body)
        {
            if (body is null)
            {
                return new SourceAnswer(metric, null, null, tag, NotModified: true);
            }

            var (value, detail) = read(body.RootElement);
            return new SourceAnswer(metric, value, detail, tag);
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } when delta > TimeSpan.Zero => delta,
        { Date: { } date } when date > time.GetUtcNow() => date - time.GetUtcNow(),
        _ => DefaultRetryAfter,
    };
}
