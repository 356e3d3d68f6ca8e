using Momentum.Bot.Demo;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// A hand-built repository for the local GitHub, with the figures a correct ingestion must produce. Weeks count back
/// from <see cref="MomentumApp.Now"/>: week 1 is the newest complete week.
/// </summary>
public static class SampleRepository
{
    public const string Name = "acme/rocket";

    public static DateTimeOffset In(int weeksAgo, int hour = 10) =>
        Week.Of(MomentumApp.Now).Plus(-weeksAgo).StartInstant.AddDays(1).AddHours(hour);

    /// <summary>
    /// Week 1: ana (isovalent.com, vendor) 2 commits; bob (globex.com) 1 commit; cy (noreply, profile "Initech") 1 commit;
    /// dependabot[bot] 3 commits; one merge commit by ana. PR #1 by bob opened week 2, merged week 1; PR #2 by dee opened
    /// week 1. Issue #3 by eve opened week 1, first answered by ana 5 hours later. Week 3: bob 1 commit.
    /// </summary>
    public static LocalRepository Seed(LocalGitHubData data, string name = Name)
    {
        var repo = data.AddRepository(name);
        lock (data.Sync)
        {
            repo.Stars = 1234;
            repo.Commits.AddRange(
            [
                Commit("a1", "ana", "ana@isovalent.com", 1),
                Commit("a2", "ana", "ana@isovalent.com", 1, hour: 11),
                Commit("b1", "bob", "bob@globex.com", 1),
                Commit("c1", null, "1234+cy@users.noreply.github.com", 1),
                Commit("d1", "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 1, type: "Bot"),
                Commit("d2", "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 1, hour: 12, type: "Bot"),
                Commit("d3", "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 1, hour: 13, type: "Bot"),
                Commit("m1", "ana", "ana@isovalent.com", 1, hour: 14, parents: 2),
                Commit("b0", "bob", "bob@globex.com", 3),
            ]);
            repo.Pulls.Add(new LocalPull(1, "bob", In(2), In(1), MergedAt: In(1), ClosedAt: In(1)));
            repo.Pulls.Add(new LocalPull(2, "dee", In(1), In(1, 12)));
            repo.Issues.Add(new LocalIssue(3, "eve", In(1), In(1, 15)));
            repo.Comments.Add(new LocalComment(100, 3, "eve", In(1, 11), In(1, 11)));
            repo.Comments.Add(new LocalComment(101, 3, "ana", In(1, 15), In(1, 15)));
        }

        data.AddUser("ana", "@isovalent");
        data.AddUser("bob", null);
        data.AddUser("cy", "Initech Inc.");
        data.AddUser("dee", "Globex Corporation");
        data.AddUser("eve", "");
        return repo;
    }

    public static LocalCommit Commit(string sha, string? login, string email, int weeksAgo, int hour = 10, string type = "User", int parents = 1) =>
        new(sha.PadRight(40, '0'), login, login ?? email, email, In(weeksAgo, hour), In(weeksAgo, hour).AddMinutes(5), parents, type);
}
