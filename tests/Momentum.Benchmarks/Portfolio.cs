using System.Security.Cryptography;
using Momentum.Bot.Demo;

namespace Momentum.Benchmarks;

/// <summary>One generated repository and who works on it (its core first).</summary>
public sealed record PortfolioRepository(int Index, LocalRepository Repository, string[] Authors);

/// <summary>
/// A deterministic portfolio of synthetic repositories in one <see cref="LocalGitHubData"/>, smaller than the storage
/// benchmark's so a backfill of 200 is quick: 300–1,500 commits each (log-uniform) over two years, 45 % as many pull
/// requests and 20 % as many issues, a Zipf-weighted core of authors per repository drawn from a shared pool of
/// developers (so profiles overlap across repositories), issues also from a shared pool of one-off reporters, a
/// dependency bot, and recent items mostly answered by a maintainer. Every login has a profile (a quarter name a company).
/// </summary>
public sealed class Portfolio
{
    public const int Developers = 6_000;
    public const int Reporters = 12_000;
    private const string Bot = "dependabot[bot]";

    private readonly LocalGitHubData _data;
    private readonly Random _random;
    private readonly double[] _developerPopularity = Measurements.Zipf(Developers, 0.7);
    private readonly double[] _reporterPopularity = Measurements.Zipf(Reporters, 0.4);
    private long _commentId = 1_000_000;

    private Portfolio(LocalGitHubData data, int seed)
    {
        _data = data;
        _random = new Random(seed);
    }

    public List<PortfolioRepository> Repositories { get; } = [];

    public static Portfolio Generate(LocalGitHubData data, int count, DateTimeOffset now, int seed)
    {
        var portfolio = new Portfolio(data, seed);
        lock (data.Sync)
        {
            for (var d = 0; d < Developers; d++)
            {
                data.Users[Developer(d)] = new LocalUser(Developer(d), d % 4 == 0 ? $"Company {d % 90}" : d % 11 == 0 ? "freelance" : null);
            }

            for (var u = 0; u < Reporters; u++)
            {
                data.Users[Reporter(u)] = new LocalUser(Reporter(u), u % 4 == 0 ? $"Enterprise {u % 400}" : null);
            }

            data.Users[Bot] = new LocalUser(Bot, null, "Bot");
            for (var r = 0; r < count; r++)
            {
                portfolio.Repositories.Add(portfolio.GenerateRepository(r, now));
            }
        }

        return portfolio;
    }

    /// <summary>
    /// Six hours' worth of activity in <paramref name="from"/>–<paramref name="to"/>: a few commits (one the squash of
    /// a merged pull request; sometimes by a first-time contributor), a new pull request, an open one merged, a new
    /// issue answered by a maintainer (which bumps its <c>updated_at</c>), and a few stars.
    /// </summary>
    public void AddActivity(PortfolioRepository target, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(target);
        var repo = target.Repository;
        var within = Measurements.Zipf(target.Authors.Length, 1.1);
        var span = (to - from).TotalSeconds;
        DateTimeOffset When() => from.AddSeconds(1 + (_random.NextDouble() * (span - 120)));
        lock (_data.Sync)
        {
            var open = repo.Pulls.FindIndex(p => p.ClosedAt is null && p.UserType == "User");
            if (open < 0)
            {
                var created = from.AddDays(-2);
                repo.Pulls.Add(new LocalPull(repo.NextNumber(), target.Authors[0], created, created));
                open = repo.Pulls.Count - 1;
            }

            var merged = When();
            var pull = repo.Pulls[open] = repo.Pulls[open] with { MergedAt = merged, ClosedAt = merged, UpdatedAt = merged };
            AddCommit(repo, pull.Login, pull.CreatedAt, merged);

            var commits = 2 + _random.Next(5);
            for (var c = 0; c < commits; c++)
            {
                var author = c == 0 && _random.NextDouble() < 0.25
                    ? Developer(Pick(_developerPopularity))
                    : target.Authors[Pick(within)];
                var at = When();
                var committed = at.AddMinutes(_random.Next(1, 30));
                AddCommit(repo, author, at, committed < to ? committed : at);
            }

            var opened = When();
            repo.Pulls.Add(new LocalPull(repo.NextNumber(), target.Authors[Pick(within)], opened, opened));

            var reported = from.AddMinutes(5 + _random.Next(60));
            var answered = reported.AddMinutes(10 + _random.Next(120));
            var number = repo.NextNumber();
            repo.Issues.Add(new LocalIssue(number, Reporter(Pick(_reporterPopularity)), reported, answered));
            repo.Comments.Add(new LocalComment(_commentId++, number, target.Authors[_random.Next(Math.Min(3, target.Authors.Length))], answered, answered));
            repo.Stars += _random.Next(0, 6);
        }
    }

    private PortfolioRepository GenerateRepository(int index, DateTimeOffset now)
    {
        var repo = _data.AddRepository($"org{index % 37}/project-{index:000}");
        var commits = (int)Math.Round(300 * Math.Pow(5, _random.NextDouble()));
        var pulls = (int)(commits * 0.45);
        var issues = (int)(commits * 0.2);
        repo.Stars = (int)(50 * Math.Pow(600, _random.NextDouble()));

        // Half the authors are popular across the portfolio, half anyone from the pool.
        var authorCount = Math.Clamp(commits / 8, 30, 180);
        var authors = new List<string>(authorCount);
        while (authors.Count < authorCount)
        {
            var login = Developer(_random.NextDouble() < 0.5 ? Pick(_developerPopularity) : _random.Next(Developers));
            if (!authors.Contains(login, StringComparer.Ordinal))
            {
                authors.Add(login);
            }
        }

        var within = Measurements.Zipf(authorCount, 1.1);
        var latest = now.AddMinutes(-1);
        var start = now.AddDays(-7 * 104);
        var span = (latest - start).TotalSeconds;
        DateTimeOffset When() => start.AddSeconds(_random.NextDouble() * span);
        DateTimeOffset Cap(DateTimeOffset at) => at < latest ? at : latest;
        DateTimeOffset Later(DateTimeOffset at, int maxHours) => Cap(at.AddHours(1 + (_random.NextDouble() * maxHours)));

        for (var c = 0; c < commits; c++)
        {
            var at = When();
            AddCommit(repo, authors[Pick(within)], at, Cap(at.AddMinutes(_random.Next(5, 600))), _random.NextDouble() < 0.05 ? 2 : 1);
        }

        for (var p = 1; p <= pulls; p++)
        {
            var created = When();
            var bot = _random.NextDouble() < 0.08;
            var login = bot ? Bot : authors[Pick(within)];
            var roll = _random.NextDouble();
            LocalPull pull;
            if (roll < 0.65 && Later(created, 200) is var merged && merged < latest)
            {
                pull = new LocalPull(p, login, created, merged, merged, merged, bot ? "Bot" : "User");
            }
            else if (roll < 0.85 && Later(created, 300) is var closed && closed < latest)
            {
                pull = new LocalPull(p, login, created, closed, null, closed, bot ? "Bot" : "User");
            }
            else
            {
                pull = new LocalPull(p, login, created, Later(created, 300), null, null, bot ? "Bot" : "User");
            }

            repo.Pulls.Add(pull with { UpdatedAt = Answer(repo, p, login, created, pull.UpdatedAt, authors, latest, now) });
        }

        for (var i = 0; i < issues; i++)
        {
            var number = pulls + 1 + i;
            var created = When();
            var login = _random.NextDouble() < 0.4 ? authors[Pick(within)] : Reporter(Pick(_reporterPopularity));
            var closed = _random.NextDouble() < 0.6 ? Later(created, 500) : (DateTimeOffset?)null;
            var updated = closed ?? Later(created, 100);
            repo.Issues.Add(new LocalIssue(number, login, created, Answer(repo, number, login, created, updated, authors, latest, now), closed));
        }

        return new PortfolioRepository(index, repo, [.. authors]);
    }

    /// <summary>Recent items: most get a maintainer's answer, some a follow-up from the author. Returns the new updated_at.</summary>
    private DateTimeOffset Answer(LocalRepository repo, int number, string author, DateTimeOffset created, DateTimeOffset updated, List<string> authors, DateTimeOffset latest, DateTimeOffset now)
    {
        if (now - created > TimeSpan.FromDays(84) || _random.NextDouble() >= 0.8)
        {
            return updated;
        }

        var maintainer = authors[_random.Next(3)] is var m && m != author ? m : authors[3];
        var answer = created.AddHours(1 + (_random.NextDouble() * 71));
        if (answer >= latest)
        {
            return updated;
        }

        repo.Comments.Add(new LocalComment(_commentId++, number, maintainer, answer, answer));
        var last = answer;
        if (_random.NextDouble() < 0.4 && answer.AddHours(1 + (_random.NextDouble() * 24)) is var reply && reply < latest)
        {
            repo.Comments.Add(new LocalComment(_commentId++, number, author, reply, reply, author == Bot ? "Bot" : "User"));
            last = reply;
        }

        return last > updated ? last : updated;
    }

    private void AddCommit(LocalRepository repo, string login, DateTimeOffset authored, DateTimeOffset committed, int parents = 1)
    {
        Span<byte> sha = stackalloc byte[20];
        _random.NextBytes(sha);
        repo.Commits.Add(new LocalCommit(Convert.ToHexStringLower(sha), login, login, Email(login), authored, committed, parents));
    }

    /// <summary>40 % GitHub noreply, 35 % gmail, 25 % a company domain.</summary>
    private static string Email(string login)
    {
        var hash = BitConverter.ToUInt32(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(login)));
        return (hash % 20) switch
        {
            < 8 => $"{1000 + (hash % 100_000)}+{login}@users.noreply.github.com",
            < 15 => $"{login}@gmail.com",
            _ => $"{login}@company{hash / 20 % 60}.com",
        };
    }

    private int Pick(double[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, _random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    private static string Developer(int i) => $"dev{i}";

    private static string Reporter(int i) => $"user{i}";
}
