using Momentum.Bot.Catalog;
using Momentum.Engine;

namespace Momentum.Bot.Demo;

/// <summary>
/// A generated, deterministic two-year history for three made-up projects, served by the local GitHub in demo mode:
/// <b>rocket</b> (rising, with an end-user spike two weeks ago), <b>comet</b> (cooling) and <b>nebula</b> (steady).
/// </summary>
public static class DemoHistory
{
    private static readonly (string Name, string Domain)[] EndUsers =
    [
        ("Acme", "acme.com"), ("Globex", "globex.com"), ("Initech", "initech.com"), ("Umbrella", "umbrella-corp.com"),
        ("Hooli", "hooli.xyz"), ("Stark Industries", "stark.io"), ("Wayne Enterprises", "wayne.co"), ("Cyberdyne", "cyberdyne.ai"),
        ("Soylent", "soylent.com"), ("Tyrell", "tyrell.io"),
    ];

    public static CatalogDocument Catalog { get; } = new(
        [
            new CatalogOrganization("Rocketworks", ["rocketworks.io"], null),
            new CatalogOrganization("Cometix", ["cometix.dev"], null),
            new CatalogOrganization("Nebula Labs", ["nebulalabs.io"], null),
            .. EndUsers.Select(e => new CatalogOrganization(e.Name, [e.Domain], null)),
        ],
        [
            new CatalogProject("rocket", ["demo-rocket"], ["demo/rocket"], ["Rocketworks"]),
            new CatalogProject("comet", ["demo-comet"], ["demo/comet"], ["Cometix"]),
            new CatalogProject("nebula", ["demo-nebula"], ["demo/nebula"], ["Nebula Labs"]),
        ]);

    public static void Seed(LocalGitHubData data, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(data);
        var current = Week.Of(now);
        Project(data, "demo/rocket", "rocketworks.io", current, seed: 1, adoption: w => w <= 4 ? 0.5 : 0.2, spikeWeeksAgo: 2, stars: 8421, fade: _ => 1.0);
        Project(data, "demo/comet", "cometix.dev", current, seed: 2, adoption: _ => 0.3, spikeWeeksAgo: null, stars: 15230, fade: w => w <= 4 ? 0.35 : 1.0);
        Project(data, "demo/nebula", "nebulalabs.io", current, seed: 3, adoption: _ => 0.25, spikeWeeksAgo: null, stars: 3310, fade: _ => 1.0);
    }

    private static void Project(LocalGitHubData data, string name, string vendorDomain, Week current, int seed, Func<int, double> adoption, int? spikeWeeksAgo, int stars, Func<int, double> fade)
    {
        var random = new Random(seed);
        var repo = data.AddRepository(name);
        var prefix = name.Split('/')[1][..2];
        var vendor = Enumerable.Range(0, 6).Select(i => ($"{prefix}-maintainer{i}", $"m{i}@{vendorDomain}")).ToArray();
        var community = Enumerable.Range(0, 14).Select(i => ($"{prefix}-dev{i}", i % 2 == 0 ? $"{1000 + i}+{prefix}-dev{i}@users.noreply.github.com" : $"{prefix}.dev{i}@gmail.com")).ToArray();
        var endUsers = EndUsers.SelectMany((org, o) => Enumerable.Range(0, 1 + (o % 3)).Select(i => (Login: $"{prefix}-{org.Domain.Split('.')[0]}{i}", Org: org, Joins: 96 - (o * 9)))).ToArray();
        var number = 0;
        var commit = 0;
        lock (data.Sync)
        {
            repo.Stars = stars;
            for (var weeksAgo = 104; weeksAgo >= 0; weeksAgo--)
            {
                var weekStart = current.Plus(-weeksAgo).StartInstant;
                var rate = fade(weeksAgo);
                var authors = new List<(string Login, string Email)>();
                authors.AddRange(vendor.Where(_ => random.NextDouble() < 0.8 * rate));
                authors.AddRange(community.Where(_ => random.NextDouble() < 0.25 * rate));
                var spike = weeksAgo == spikeWeeksAgo;
                authors.AddRange(endUsers
                    .Where(e => weeksAgo <= e.Joins && random.NextDouble() < (spike ? 0.85 : adoption(weeksAgo) * rate))
                    .Select(e => (e.Login, e.Login.Length % 2 == 0 ? $"{e.Login}@{e.Org.Domain}" : $"{2000 + e.Login.Length}+{e.Login}@users.noreply.github.com")));
                foreach (var (login, email) in authors)
                {
                    var at = weekStart.AddHours(8 + random.Next(0, 24 * (weeksAgo == 0 ? 1 : 6)));
                    var commits = 1 + random.Next(0, 3);
                    for (var c = 0; c < commits; c++)
                    {
                        var sha = LocalGitHubData.Sha($"{name}/{commit++}");
                        repo.Commits.Add(new LocalCommit(sha, login, login, email, at.AddMinutes(c * 7), at.AddMinutes((c * 7) + 30)));
                    }

                    var pr = ++number;
                    var merged = at.AddHours(2 + random.Next(0, 48));
                    repo.Pulls.Add(new LocalPull(pr, login, at.AddMinutes(-90), Min(merged, current.EndInstant), merged < current.StartInstant ? merged : null, merged < current.StartInstant ? merged : null));
                }

                for (var i = 0; i < 3 + random.Next(0, 4); i++)
                {
                    var issue = ++number;
                    var opened = weekStart.AddHours(random.Next(0, 24 * (weeksAgo == 0 ? 1 : 6)));
                    var reporter = random.NextDouble() < 0.5 ? community[random.Next(community.Length)].Item1 : $"{prefix}-user{random.Next(200)}";
                    repo.Issues.Add(new LocalIssue(issue, reporter, opened, opened.AddHours(30)));
                    var answered = opened.AddHours(1 + random.Next(0, 40));
                    repo.Comments.Add(new LocalComment(issue * 10L, issue, vendor[random.Next(vendor.Length)].Item1, answered, answered));
                }
            }

            foreach (var (login, org, _) in endUsers.Where(e => e.Login.Length % 2 == 1))
            {
                data.Users[login] = new LocalUser(login, $"@{org.Name.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal)}");
            }

            foreach (var (login, _) in vendor)
            {
                data.Users[login] = new LocalUser(login, vendorDomain.Split('.')[0]);
            }

            data.Users[$"{prefix}-release-bot"] = new LocalUser($"{prefix}-release-bot", null, "Bot");
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
