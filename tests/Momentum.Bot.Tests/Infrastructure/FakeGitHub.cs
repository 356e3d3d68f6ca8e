using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Momentum.Bot.Demo;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>A fault the server answers instead of the real response, for requests whose path contains <see cref="PathContains"/>.</summary>
public sealed class GitHubFault
{
    public required string PathContains { get; init; }

    /// <summary>HTTP status to answer; 0 aborts the connection (GitHub unreachable).</summary>
    public int Status { get; init; }

    public int Times { get; set; } = 1;

    /// <summary>Let this many matching requests through before the fault starts.</summary>
    public int After { get; set; }

    public Dictionary<string, string> Headers { get; init; } = [];

    public string Body { get; init; } = """{"message":"Server Error"}""";

    public static GitHubFault ServerError(string path, int times = 1, int status = 502) => new() { PathContains = path, Status = status, Times = times };

    public static GitHubFault Unreachable(string path, int times = 100) => new() { PathContains = path, Status = 0, Times = times };

    public static GitHubFault TooManyRequests(string path, int retryAfterSeconds) => new()
    {
        PathContains = path,
        Status = 429,
        Headers = { ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture) },
        Body = """{"message":"You have exceeded a secondary rate limit."}""",
    };

    public static GitHubFault PrimaryRateLimit(string path, DateTimeOffset reset, int times = 1) => new()
    {
        PathContains = path,
        Status = 403,
        Times = times,
        Headers = { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        Body = """{"message":"API rate limit exceeded for user.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}""",
    };
}

/// <param name="Credential">Whose budget the request spent: the token, <c>app-&lt;installation&gt;</c>, or "" while budgets are shared.</param>
public sealed record GitHubRequest(string Method, string PathAndQuery, int Status, string Credential = "");

public sealed class RequestHold(IReadOnlyList<string> pathsContaining)
{
    /// <summary>How long <see cref="Reached"/> waits: a request that never comes fails the test instead of hanging the run.</summary>
    public static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first held request arrives; throws <see cref="TimeoutException"/> after <see cref="ReachTimeout"/>.</summary>
    public Task Reached => _reached.Task.WaitAsync(ReachTimeout);

    /// <summary>Whether a request for <paramref name="pathAndQuery"/> waits: it contains one of the held strings (a path, or a query like <c>until=</c>).</summary>
    public bool Holds(string pathAndQuery) => pathsContaining.Any(p => pathAndQuery.Contains(p, StringComparison.Ordinal));

    public void Release() => _released.TrySetResult();

    internal Task WaitAsync()
    {
        _reached.TrySetResult();
        return _released.Task;
    }
}

/// <summary>
/// The tests' fake GitHub on 127.0.0.1: the product's GitHub-shaped API over <see cref="LocalGitHubData"/>
/// (<see cref="LocalGitHub"/>, the same one demo mode serves) behind what only tests need: a log of every request,
/// injectable faults, and holds that keep requests waiting until released.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LocalGitHub _github;
    private readonly ConcurrentQueue<GitHubRequest> _requests = new();
    private readonly List<RequestHold> _holds = [];

    private FakeGitHub(WebApplication app, LocalGitHub github)
    {
        _app = app;
        _github = github;
    }

    public LocalGitHubData Data => _github.Data;

    public Uri BaseUrl { get; private set; } = null!;

    public int Remaining => _github.Remaining;

    public int RateLimit => _github.RateLimit;

    public List<GitHubFault> Faults { get; } = [];

    /// <summary>The GitHub App endpoints, once <see cref="UseApp"/> is called.</summary>
    public FakeGitHubApp? App { get; private set; }

    /// <summary>Serves a GitHub App whose JWTs verify with <paramref name="publicKey"/>; budgets become per credential.</summary>
    public FakeGitHubApp UseApp(string appId, System.Security.Cryptography.RSA publicKey, TimeProvider time)
    {
        App = new FakeGitHubApp(appId, publicKey, time);
        _github.RateKey = App.RateKey;
        return App;
    }

    /// <summary>Each token (and each App installation) spends its own budget, as on GitHub; one shared budget until called.</summary>
    public void UsePerCredentialBudgets() =>
        _github.RateKey = context => App?.RateKey(context) ?? (context.Request.Headers.Authorization.ToString().Split(' ') is [_, var token] ? token : "anonymous");

    public int RemainingFor(string credential) => _github.RemainingFor(credential);

    public void SetRemaining(string credential, int remaining) => _github.SetRemaining(credential, remaining);

    /// <summary>GraphQL points left in one budget ("" while budgets are shared).</summary>
    public int PointsRemainingFor(string credential) => _github.PointsRemainingFor(credential);

    public void SetPointsRemaining(string credential, int remaining) => _github.SetPointsRemaining(credential, remaining);

    /// <summary>Answers <paramref name="status"/> (404: older Enterprise Server, 501: not implemented) to every <c>POST /graphql</c>.</summary>
    public void WithoutGraphQL(int status)
    {
        lock (Faults)
        {
            Faults.Add(new GitHubFault { PathContains = "/graphql", Status = status, Times = int.MaxValue, Body = """{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}""" });
        }
    }

    /// <summary>The GraphQL queries received.</summary>
    public IReadOnlyList<GitHubRequest> GraphQLRequests => Requests.Where(r => r.PathAndQuery.StartsWith("/graphql", StringComparison.Ordinal)).ToList();

    /// <summary><c>GET /search/repositories</c>: the repositories indexed there, and search's own rate limit.</summary>
    public FakeSearch Search { get; private set; } = null!;

    /// <summary>Search requests answered so far.</summary>
    public int SearchRequests => _requests.Count(r => r.PathAndQuery.StartsWith("/search/", StringComparison.Ordinal));

    /// <summary>How long every answer takes (a slow GitHub, for load runs); none by default.</summary>
    public TimeSpan Latency { get; set; }

    public IReadOnlyList<GitHubRequest> Requests => _requests.ToArray();

    /// <summary>Raised after every answered request (tests wait on it instead of sleeping).</summary>
    public event Action<GitHubRequest>? Answered;

    public void ClearRequests() => _requests.Clear();

    /// <summary>Holds requests whose path contains one of <paramref name="pathsContaining"/> until released (tests use it to overlap work).</summary>
    public RequestHold Hold(params string[] pathsContaining)
    {
        var hold = new RequestHold(pathsContaining);
        lock (_holds)
        {
            _holds.Add(hold);
        }

        return hold;
    }

    /// <summary>Holds a scan at its first history page, read by REST (<c>/commits</c>) or by GraphQL (<c>/graphql</c>) as the mode decides.</summary>
    public RequestHold HoldHistory() => Hold("/commits", "/graphql");

    public static async Task<FakeGitHub> StartAsync(LocalGitHubData data, TimeProvider? time = null, int port = 0, int rateLimit = 5000)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGitHub(app, new LocalGitHub(data, time ?? TimeProvider.System, rateLimit)) { Search = new FakeSearch(time ?? TimeProvider.System) };
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = request.Path + request.QueryString;
        RequestHold[] holds;
        lock (_holds)
        {
            holds = _holds.Where(h => h.Holds(pathAndQuery)).ToArray();
        }

        foreach (var hold in holds)
        {
            await hold.WaitAsync();
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        var credential = _github.RateKey(context);
        if (TakeFault(request.Path) is { } fault)
        {
            if (fault.Status == 0)
            {
                Record(request.Method, pathAndQuery, 0);
                context.Abort();
                return;
            }

            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (!fault.Headers.ContainsKey("x-ratelimit-remaining"))
            {
                _github.WriteRateHeaders(context, spend: false);
            }

            await LocalGitHub.WriteAsync(context, fault.Status, fault.Body);
            Record(request.Method, pathAndQuery, fault.Status, credential);
            return;
        }

        if (App?.Handle(context) is { } answer)
        {
            if (request.Path.StartsWithSegments("/installation", StringComparison.Ordinal))
            {
                _github.WriteRateHeaders(context, spend: answer.Status == 200);
            }

            await LocalGitHub.WriteAsync(context, answer.Status, answer.Body);
            Record(request.Method, pathAndQuery, answer.Status, credential);
            return;
        }

        if (request.Path == "/search/repositories")
        {
            await Search.HandleAsync(context, _github.Data);
        }
        else
        {
            await _github.HandleAsync(context);
        }

        Record(request.Method, pathAndQuery, context.Response.StatusCode, credential);
    }

    private GitHubFault? TakeFault(PathString path)
    {
        lock (Faults)
        {
            foreach (var fault in Faults)
            {
                if (fault.Times <= 0 || !path.Value!.Contains(fault.PathContains, StringComparison.Ordinal))
                {
                    continue;
                }

                if (fault.After > 0)
                {
                    fault.After--;
                    continue;
                }

                fault.Times--;
                return fault;
            }
        }

        return null;
    }

    private void Record(string method, string pathAndQuery, int status, string credential = "")
    {
        var entry = new GitHubRequest(method, pathAndQuery, status, credential);
        _requests.Enqueue(entry);
        Answered?.Invoke(entry);
    }
}
