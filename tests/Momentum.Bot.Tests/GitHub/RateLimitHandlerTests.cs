using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>The rate-limit handler over real HTTP to the local GitHub, on a fake clock.</summary>
public sealed class RateLimitHandlerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(MomentumApp.Now);
    private readonly GitHubBudget _budget = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private HostMetrics _metrics = null!;
    private GitHubMetrics _instruments = null!;
    private FakeGitHub _github = null!;

    public async Task InitializeAsync()
    {
        var data = new LocalGitHubData();
        SampleRepository.Seed(data);
        _github = await FakeGitHub.StartAsync(data, _clock);
        _metrics = new HostMetrics(_services);
        _instruments = new GitHubMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), _budget);
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _metrics.Dispose();
        await _services.DisposeAsync();
    }

    private long Waiting => _metrics.Total("momentum.github.waiting");

    private HttpClient Client(GitHubOptions? options = null)
    {
        var settings = Options.Create(options ?? new GitHubOptions { RetryBaseDelay = TimeSpan.FromSeconds(1) });
        settings.Value.BaseUrl = _github.BaseUrl;
        return new(new GitHubRateLimitHandler(new GitHubCredentialPool(settings, _budget, _clock), _budget, _instruments, _clock, settings, NullLogger<GitHubRateLimitHandler>.Instance)
        {
            InnerHandler = new SocketsHttpHandler(),
        })
        { BaseAddress = _github.BaseUrl };
    }

    [Fact]
    public async Task ItHonoursRetryAfterOnASecondaryRateLimit()
    {
        using var client = Client();
        _github.Faults.Add(GitHubFault.TooManyRequests("/repos/acme/rocket", retryAfterSeconds: 30));
        var limited = new TaskCompletionSource();
        _github.Answered += r => { if (r.Status == 429) { limited.TrySetResult(); } };

        var call = client.GetAsync("repos/acme/rocket");
        await limited.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => Waiting == 1, "the request to wait");

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var response = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([429, 200], _github.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task ItRetriesServerErrorsWithExponentialBackoff()
    {
        using var client = Client();
        _github.Faults.Add(GitHubFault.ServerError("/repos/acme/rocket", times: 2, status: 503));
        var call = client.GetAsync("repos/acme/rocket");
        await Eventually.TrueAsync(() => Waiting == 1, "the first backoff");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _github.Requests.Count == 2 && Waiting == 1, "the second backoff");
        // The second backoff is twice the first.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(call.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await call.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
    }

    [Fact]
    public async Task AnExhaustedPrimaryLimitBeyondTheLongestWaitStopsTheRequest()
    {
        using var client = Client(new GitHubOptions { MaxRateLimitWait = TimeSpan.FromMinutes(2) });
        _github.Faults.Add(GitHubFault.PrimaryRateLimit("/repos/acme/rocket", MomentumApp.Now.AddMinutes(40)));

        var ex = await Assert.ThrowsAsync<GitHubUnavailableException>(() => client.GetAsync("repos/acme/rocket"));
        Assert.Equal(GitHubFailure.RateLimited, ex.Failure);
        Assert.Equal(MomentumApp.Now.AddMinutes(40), ex.RetryAt);
    }

    [Fact]
    public async Task BackgroundWorkPausesAtTheReserveUntilTheResetButInteractiveWorkGoesOn()
    {
        var options = new GitHubOptions { RateLimitReserve = 5000, MaxRateLimitWait = TimeSpan.FromHours(2) };
        using var client = Client(options);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("repos/acme/rocket")).StatusCode);
        Assert.Equal(4999, _budget.Credential("anonymous").Remaining);

        // Interactive: the reserve is there to be spent.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("repos/acme/rocket")).StatusCode);

        Task<HttpResponseMessage> call;
        using (_budget.UsePriority(new RequestPriority(ScanPriority.Background)))
        {
            call = client.GetAsync("repos/acme/rocket");
        }

        await Eventually.TrueAsync(() => Waiting == 1, "the background request to pause");
        Assert.Equal(2, _github.Requests.Count);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await call.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(3, _github.Requests.Count);
    }

    [Fact]
    public async Task ABackgroundRequestPausedAtTheReserveGoesOnAtOnceWhenItsPriorityIsRaised()
    {
        using var client = Client(new GitHubOptions { RateLimitReserve = 5000, MaxRateLimitWait = TimeSpan.FromHours(2) });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("repos/acme/rocket")).StatusCode);

        var priority = new RequestPriority(ScanPriority.Background);
        Task<HttpResponseMessage> call;
        using (_budget.UsePriority(priority))
        {
            call = client.GetAsync("repos/acme/rocket");
        }

        await Eventually.TrueAsync(() => Waiting == 1, "the background request to pause");
        Assert.Single(_github.Requests);

        // A background joiner changes nothing; a person does, without the clock moving to the reset.
        priority.Raise(ScanPriority.Background);
        Assert.False(call.IsCompleted);
        priority.Raise(ScanPriority.Interactive);

        Assert.Equal(HttpStatusCode.OK, (await call.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(2, _github.Requests.Count);
        Assert.Equal(0, Waiting);
        Assert.Equal(MomentumApp.Now, _clock.GetUtcNow());
    }

    [Fact]
    public async Task ItCountsNotModifiedAnswersAsFree()
    {
        using var client = Client();
        var first = await client.GetAsync("repos/acme/rocket");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "repos/acme/rocket");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
        var second = await client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal((2, 1, 1), (_budget.RequestsSent, _budget.NotModified, _budget.Counted));
    }
}
