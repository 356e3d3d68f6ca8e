using System.IO.Enumeration;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Momentum.Engine;
using Octokit;

namespace Momentum.Bot.Affiliations;

/// <summary>
/// Reads the affiliation files at start-up and every <see cref="AffiliationsOptions.RefreshInterval"/>: the gitdm
/// repository's listing through the GitHub API (a conditional request: unchanged, it is a 304 that GitHub does not
/// count), each listed file's blob only when its SHA changed, then every configured URL (with <c>If-None-Match</c>).
/// A failed fetch keeps the last good copy in the store. Then every stored file is parsed, streaming, into the
/// <see cref="AffiliationData"/> reports use.
/// </summary>
public sealed class AffiliationRefresher(
    IGitHubClient github,
    IHttpClientFactory http,
    AffiliationFileStore files,
    AffiliationData data,
    IOptions<AffiliationsOptions> options,
    TimeProvider time,
    ILogger<AffiliationRefresher> logger) : BackgroundService
{
    public const string HttpClientName = "affiliations";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the start-up read has finished (successfully or not).</summary>
    public Task FirstRefresh => _first.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AffiliationsLog.RefreshFailed(logger, ex);
            }
            finally
            {
                _first.TrySetResult();
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>Fetches what changed, keeps the last good copy of what failed, and rebuilds the affiliations in force.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await RefreshOnceAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        var versions = await files.VersionsAsync();
        var sources = new List<string>();
        if (GitdmRepository() is { } repo)
        {
            sources.AddRange(await FetchGitdmAsync(repo.Owner, repo.Name, versions));
        }

        foreach (var url in options.Value.Urls)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sources.Add(await FetchUrlAsync(url, versions, cancellationToken));
        }

        await LoadAsync(sources, versions);
    }

    private (string Owner, string Name)? GitdmRepository()
    {
        var text = options.Value.GitdmRepository?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < text.Length - 1 ? (text[..slash], text[(slash + 1)..]) : null;
    }

    private async Task<IReadOnlyList<string>> FetchGitdmAsync(string owner, string name, Dictionary<string, string> versions)
    {
        var prefix = $"gitdm:{owner}/{name}/";
        var stored = versions.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        IReadOnlyList<RepositoryContent> listing;
        try
        {
            listing = await github.Repository.Content.GetAllContents(owner, name);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or TaskCanceledException)
        {
            AffiliationsLog.ListingFailed(logger, $"{owner}/{name}", ex.Message);
            return stored;
        }

        var wanted = listing
            .Where(c => c.Type.Value == ContentType.File && FileSystemName.MatchesSimpleExpression(options.Value.Files, c.Name, ignoreCase: true))
            .OrderBy(c => c.Path, StringComparer.Ordinal)
            .ToList();
        var result = new List<string>();
        foreach (var file in wanted)
        {
            var source = prefix + file.Path;
            result.Add(source);
            if (versions.TryGetValue(source, out var sha) && sha == file.Sha)
            {
                continue;
            }

            try
            {
                // A blob is immutable by its SHA: fetched once per change, whatever its size (the contents API stops at 1 MB).
                var blob = await github.Git.Blob.Get(owner, name, file.Sha);
                var bytes = blob.Encoding.Value == EncodingType.Base64 ? Convert.FromBase64String(blob.Content) : Encoding.UTF8.GetBytes(blob.Content);
                await files.SaveAsync(source, file.Sha, bytes, time.GetUtcNow());
                versions[source] = file.Sha;
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException or TaskCanceledException or FormatException)
            {
                AffiliationsLog.FileFailed(logger, source, ex.Message);
            }
        }

        foreach (var gone in stored.Except(result, StringComparer.Ordinal))
        {
            await files.RemoveAsync(gone);
        }

        return result;
    }

    private async Task<string> FetchUrlAsync(Uri url, Dictionary<string, string> versions, CancellationToken cancellationToken)
    {
        var source = "url:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.AbsoluteUri)))[..16];
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (versions.TryGetValue(source, out var etag) && etag.Length > 0 && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return source;
            }

            response.EnsureSuccessStatusCode();
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var version = response.Headers.ETag?.ToString() ?? "";
            await files.SaveAsync(source, version, bytes, time.GetUtcNow());
            versions[source] = version;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            AffiliationsLog.FileFailed(logger, url.GetLeftPart(UriPartial.Path), ex.Message);
        }

        return source;
    }

    private async Task LoadAsync(List<string> sources, Dictionary<string, string> versions)
    {
        var version = string.Join('|', sources.Select(s => s + "@" + versions.GetValueOrDefault(s, "")));
        if (version == data.Version)
        {
            return;
        }

        var affiliations = new DatedAffiliations();
        int entries = 0, lines = 0, malformed = 0;
        foreach (var source in sources)
        {
            using var reader = await files.OpenAsync(source);
            if (reader is null)
            {
                continue;
            }

            var result = GitdmParser.Parse(reader, affiliations);
            (entries, lines, malformed) = (entries + result.Entries, lines + result.Lines, malformed + result.Malformed);
            if (result.Malformed > 0)
            {
                AffiliationsLog.Malformed(logger, source, result.Malformed);
            }
        }

        data.Replace(affiliations, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version)))[..16], new GitdmParseResult(entries, lines, malformed));
        AffiliationsLog.Loaded(logger, sources.Count, affiliations.Logins, malformed);
    }
}

internal static partial class AffiliationsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Affiliations: could not list {Repository}: {Error}. The last good copies stay in force.")]
    public static partial void ListingFailed(ILogger logger, string repository, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Affiliations: could not fetch {Source}: {Error}. The last good copy stays in force.")]
    public static partial void FileFailed(ILogger logger, string source, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Affiliations: {Source} has {Count} malformed lines (skipped).")]
    public static partial void Malformed(ILogger logger, string source, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Affiliations: {Files} files in force, {Logins} logins, {Malformed} malformed lines skipped.")]
    public static partial void Loaded(ILogger logger, int files, int logins, int malformed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Affiliations: the refresh failed; the affiliations in force are unchanged.")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
