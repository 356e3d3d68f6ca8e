using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>
/// Commit history by GraphQL (<c>GitHub__GraphQL</c>): the same figures as REST for the same history, fewer requests
/// for a first scan, its own point budget, and REST for a server without GraphQL or when the points are spent.
/// </summary>
public sealed class GraphQLHistoryTests
{
    private const string Path = "/api/v1/projects/acme/rocket/momentum";

    /// <summary>The sample repository plus 300 commits by 40 authors over 20 weeks (three pages of history).</summary>
    private static LocalGitHubData History()
    {
        var data = new LocalGitHubData();
        var repo = SampleRepository.Seed(data);
        lock (data.Sync)
        {
            for (var i = 0; i < 300; i++)
            {
                var author = i % 40;
                var login = author % 9 == 0 ? null : $"dev{author}";
                var email = author switch
                {
                    _ when author % 9 == 0 => $"dev{author}@corp{author % 3}.com",
                    _ when author % 7 == 0 => $"{1000 + author}+dev{author}@users.noreply.github.com",
                    _ => $"dev{author}@mail{author % 4}.org",
                };
                repo.Commits.Add(SampleRepository.Commit($"h{i}", login, email, 1 + (i % 20), hour: i % 20, parents: i % 31 == 0 ? 2 : 1));
            }

            repo.Commits.Add(SampleRepository.Commit("r1", "renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com", 2, type: "Bot"));
        }

        for (var author = 1; author < 40; author++)
        {
            if (author % 9 != 0 && author != 13)
            {
                data.AddUser($"dev{author}", (author % 3) switch { 0 => "@isovalent", 1 => null, _ => "Globex Corporation" });
            }
        }

        return data;
    }

    /// <summary>A <see cref="SampleHost"/> on <see cref="History"/> with GraphQL on, off or auto.</summary>
    private sealed class Run(SampleHost host) : IAsyncDisposable
    {
        public FakeGitHub GitHub => host.GitHub;

        public MomentumApp App => host.App;

        public HttpClient Client => host.Client;

        public GitHubBudget Budget => App.Services.GetRequiredService<GitHubBudget>();

        public static async Task<Run> StartAsync(string mode, Action<FakeGitHub>? server = null, Dictionary<string, string?>? settings = null)
        {
            var all = new Dictionary<string, string?> { ["GitHub:GraphQL"] = mode };
            foreach (var (k, v) in settings ?? [])
            {
                all[k] = v;
            }

            return new Run(await SampleHost.StartOnAsync(History(), all, server: server));
        }

        public async Task<HttpResponseMessage> AskAsync(bool refresh = false) =>
            await Client.GetAsync(new Uri(Path + (refresh ? "?refresh=true" : ""), UriKind.Relative));

        /// <summary>The report's weekly series and window, the figures every card is made of.</summary>
        public async Task<string> FiguresAsync(bool refresh = false)
        {
            var response = await AskAsync(refresh);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("weeks").GetRawText() + body.GetProperty("window").GetRawText();
        }

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }

    private static int Count(FakeGitHub github, string prefix) => github.Requests.Count(r => r.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal));

    [Fact]
    public async Task GraphQLAndRestGiveTheSameFiguresAndAFirstScanByGraphQLNeedsFewerRequests()
    {
        await using var rest = await Run.StartAsync("off");
        await using var graphQL = await Run.StartAsync("on");

        var byRest = await rest.FiguresAsync();
        var byGraphQL = await graphQL.FiguresAsync();

        Assert.Equal(byRest, byGraphQL);
        Assert.Contains("\"commits\":", byRest, StringComparison.Ordinal);
        Assert.Equal(4, graphQL.GitHub.GraphQLRequests.Count); // 310 commits since the horizon: four pages of 100
        Assert.All(graphQL.GitHub.GraphQLRequests, r => Assert.Equal(200, r.Status));
        Assert.Equal(0, Count(graphQL.GitHub, "/repos/acme/rocket/commits"));
        // Committers' profiles came with the history: only those without a linked user (noreply cy, dev7/14/…) and
        // the people who never committed (dee, eve) are looked up.
        Assert.True(Count(graphQL.GitHub, "/users/") < Count(rest.GitHub, "/users/") / 3, $"{Count(graphQL.GitHub, "/users/")} vs {Count(rest.GitHub, "/users/")}");
        Assert.True(graphQL.GitHub.Requests.Count < rest.GitHub.Requests.Count / 2, $"{graphQL.GitHub.Requests.Count} vs {rest.GitHub.Requests.Count}");
        Assert.Equal(4, graphQL.Budget.GraphQLPoints);
    }

    [Fact]
    public async Task OffNeverCallsGraphQL()
    {
        await using var run = await Run.StartAsync("off");

        await run.FiguresAsync();
        await run.FiguresAsync(refresh: true);

        Assert.Empty(run.GitHub.GraphQLRequests);
        Assert.True(Count(run.GitHub, "/repos/acme/rocket/commits") > 0);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(501)]
    public async Task AutoAgainstAServerWithoutGraphQLAsksOnceAndServesTheSameFiguresByRest(int status)
    {
        await using var rest = await Run.StartAsync("off");
        await using var auto = await Run.StartAsync("auto", github => github.WithoutGraphQL(status));

        var expected = await rest.FiguresAsync();
        Assert.Equal(expected, await auto.FiguresAsync());
        auto.App.Clock.Advance(TimeSpan.FromHours(1));
        lock (auto.GitHub.Data.Sync)
        {
            // A full page of new history: a rescan that would go to GraphQL if the server had it.
            var repo = auto.GitHub.Data.Repositories[SampleRepository.Name];
            for (var i = 0; i < 120; i++)
            {
                repo.Commits.Add(SampleRepository.Commit($"n{i}", "dev1", "dev1@mail1.org", 0, hour: 1));
            }
        }

        await auto.FiguresAsync(refresh: true);

        var asked = Assert.Single(auto.GitHub.GraphQLRequests);
        Assert.Equal(status, asked.Status);
    }

    [Fact]
    public async Task OnAgainstAServerWithoutGraphQLFailsWithAClearAnswer()
    {
        await using var run = await Run.StartAsync("on", github => github.WithoutGraphQL(404));

        var response = await run.AskAsync();

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal(0, Count(run.GitHub, "/repos/acme/rocket/commits"));
    }

    [Fact]
    public async Task AutoRescansOfAnUnchangedRepositoryCostNoGraphQLPointsOnlyFree304s()
    {
        await using var run = await Run.StartAsync("auto");
        await run.FiguresAsync();
        Assert.NotEmpty(run.GitHub.GraphQLRequests); // the first scan reads its history by GraphQL
        await run.FiguresAsync(refresh: true); // cursors move from the horizon to the recent weeks
        run.GitHub.ClearRequests();

        await run.FiguresAsync(refresh: true);

        Assert.Empty(run.GitHub.GraphQLRequests);
        Assert.All(run.GitHub.Requests, r => Assert.Equal(304, r.Status));
    }

    [Fact]
    public async Task AutoRescansWithAFewNewCommitsByRestAndWithMoreThanAPageByGraphQL()
    {
        await using var rest = await Run.StartAsync("off");
        await using var auto = await Run.StartAsync("auto");
        await rest.FiguresAsync();
        await auto.FiguresAsync();
        auto.GitHub.ClearRequests();

        void Add(Run run, int from, int count, Func<int, string> login)
        {
            lock (run.GitHub.Data.Sync)
            {
                var repo = run.GitHub.Data.Repositories[SampleRepository.Name];
                for (var i = from; i < from + count; i++)
                {
                    repo.Commits.Add(SampleRepository.Commit($"n{i}", login(i), $"{login(i)}@mail{i % 4}.org", 0, hour: i % 12));
                }

                run.GitHub.Data.Users["newcomer"] = new LocalUser("newcomer", "Hooli");
            }

            run.App.Clock.Advance(TimeSpan.FromHours(1));
        }

        // A few commits by people whose profiles are known: REST's one page is all it takes.
        Add(rest, 0, 5, i => $"dev{1 + (i % 5)}");
        Add(auto, 0, 5, i => $"dev{1 + (i % 5)}");
        Assert.Equal(await rest.FiguresAsync(refresh: true), await auto.FiguresAsync(refresh: true));
        Assert.Empty(auto.GitHub.GraphQLRequests);

        // A newcomer: GraphQL re-reads the page with the newcomer's profile instead of a /users/ lookup.
        rest.GitHub.ClearRequests();
        auto.GitHub.ClearRequests();
        Add(rest, 5, 3, _ => "newcomer");
        Add(auto, 5, 3, _ => "newcomer");
        Assert.Equal(await rest.FiguresAsync(refresh: true), await auto.FiguresAsync(refresh: true));
        Assert.Single(auto.GitHub.GraphQLRequests);
        Assert.Contains(rest.GitHub.Requests, r => r.PathAndQuery == "/users/newcomer");
        Assert.DoesNotContain(auto.GitHub.Requests, r => r.PathAndQuery == "/users/newcomer");

        // More than a page of new history: by GraphQL.
        auto.GitHub.ClearRequests();
        Add(rest, 8, 400, i => $"dev{1 + (i % 5)}");
        Add(auto, 8, 400, i => $"dev{1 + (i % 5)}");
        Assert.Equal(await rest.FiguresAsync(refresh: true), await auto.FiguresAsync(refresh: true));
        Assert.NotEmpty(auto.GitHub.GraphQLRequests);
    }

    [Fact]
    public async Task GraphQLPointsAreTheirOwnBudgetAndLeaveTheRestBudgetAlone()
    {
        await using var run = await Run.StartAsync("on");

        await run.FiguresAsync();

        var points = run.Budget.GraphQLCredential("token-1");
        var core = run.Budget.Credential("token-1");
        Assert.Equal(run.GitHub.PointsRemainingFor(""), points.Remaining);
        Assert.Equal(5000 - 4, points.Remaining);
        Assert.Equal(run.GitHub.Remaining, core.Remaining);
        Assert.Equal(4, points.PointsSpent);
    }

    [Fact]
    public void ARestBudgetIgnoresAnswersForAnotherResource()
    {
        var budget = new CredentialBudget("token-1");
        using var core = Response("core", remaining: 4000);
        using var search = Response("search", remaining: 9);
        using var graphQL = Response("graphql", remaining: 12);

        budget.Observe(core);
        budget.Observe(search);
        budget.Observe(graphQL);

        Assert.Equal(4000, budget.Remaining);
        Assert.Equal(3, budget.RequestsSent);
        var points = new CredentialBudget("token-1", CredentialBudget.GraphQLResource);
        points.Observe(graphQL);
        points.Observe(core);
        Assert.Equal(12, points.Remaining);
    }

    private static HttpResponseMessage Response(string resource, int remaining)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add("x-ratelimit-resource", resource);
        response.Headers.Add("x-ratelimit-limit", "5000");
        response.Headers.Add("x-ratelimit-remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("x-ratelimit-reset", "1900000000");
        return response;
    }

    [Fact]
    public async Task AutoRescansAWeekLaterCountTheCommitsOfThatWeekExactlyAsRestDoes()
    {
        await using var rest = await Run.StartAsync("off");
        await using var auto = await Run.StartAsync("auto");
        foreach (var run in new[] { rest, auto })
        {
            await run.FiguresAsync();
            await run.FiguresAsync(refresh: true); // cursors move from the horizon to the recent weeks
        }

        var before = CommitsIn(await auto.FiguresAsync(), "2026-03-16");

        // A week on: commits dated after the first scans, in the week that has since ended and in the new one.
        foreach (var run in new[] { rest, auto })
        {
            run.App.Clock.Advance(TimeSpan.FromDays(7));
            lock (run.GitHub.Data.Sync)
            {
                var repo = run.GitHub.Data.Repositories[SampleRepository.Name];
                for (var i = 0; i < 6; i++)
                {
                    repo.Commits.Add(SampleRepository.Commit($"late{i}", $"dev{1 + i}", $"dev{1 + i}@mail{i % 4}.org", 0, hour: 48 + i));
                    repo.Commits.Add(SampleRepository.Commit($"next{i}", $"dev{1 + i}", $"dev{1 + i}@mail{i % 4}.org", -1, hour: i));
                }
            }
        }

        var byRest = await rest.FiguresAsync(refresh: true);
        var byAuto = await auto.FiguresAsync(refresh: true);

        Assert.Equal(byRest, byAuto);
        Assert.Equal(before + 6, CommitsIn(byAuto, "2026-03-16"));
        Assert.Equal(6, CommitsIn(byAuto, "2026-03-23"));
    }

    /// <summary>The commits counted in one week of the figures <see cref="Run.FiguresAsync"/> returned.</summary>
    private static int CommitsIn(string figures, string weekStart)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(figures)); // the weeks array, then the window
        using var weeks = JsonDocument.ParseValue(ref reader);
        return weeks.RootElement.EnumerateArray().Where(w => w.GetProperty("weekStart").GetString() == weekStart).Sum(w => w.GetProperty("commits").GetInt32());
    }

    [Fact]
    public async Task AutoWithItsPointsSpentReadsByRestWithTheSameFiguresAndStopsAskingUntilTheReset()
    {
        await using var rest = await Run.StartAsync("off");
        await using var auto = await Run.StartAsync("auto", github => github.SetPointsRemaining("", 0));

        Assert.Equal(await rest.FiguresAsync(), await auto.FiguresAsync());
        var asked = Assert.Single(auto.GitHub.GraphQLRequests); // answered RATE_LIMITED; REST served the scan
        Assert.Equal(0, auto.Budget.GraphQLCredential("token-1").Remaining);

        auto.App.Clock.Advance(TimeSpan.FromHours(1));
        lock (auto.GitHub.Data.Sync)
        {
            var repo = auto.GitHub.Data.Repositories[SampleRepository.Name];
            for (var i = 0; i < 120; i++)
            {
                repo.Commits.Add(SampleRepository.Commit($"n{i}", "dev1", "dev1@mail1.org", 0, hour: 1));
            }
        }

        auto.GitHub.ClearRequests();
        await auto.FiguresAsync(refresh: true);
        Assert.Empty(auto.GitHub.GraphQLRequests); // the budget says spent until its reset: REST without asking
    }

    [Fact]
    public async Task OnWithItsPointsSpentBeyondTheLongestWaitStopsTheScanAsRateLimited()
    {
        await using var run = await Run.StartAsync("on", github => github.SetPointsRemaining("", 0));

        var response = await run.AskAsync();

        Assert.False(response.IsSuccessStatusCode);
        Assert.Single(run.GitHub.GraphQLRequests);
        Assert.Equal(0, Count(run.GitHub, "/repos/acme/rocket/commits"));
    }
}
