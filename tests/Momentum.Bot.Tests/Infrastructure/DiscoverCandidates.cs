using Momentum.Bot.Demo;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// Generated candidates for discovery, tagged <see cref="Topic"/>: <c>niche/cand-00</c> … one per index. Candidate i
/// has a maintainer (no organisation) every week for 26 weeks, one end-user contributor a week from <c>old{i}.io</c> in
/// weeks 14–26, and <see cref="Level"/>(i) end-user contributors a week, each from an organisation of their own, in
/// weeks 1–13: its end-user momentum rises with the level. Stars fall as the level rises (stars lag), so a ranking by
/// stars would be the reverse. Even candidates are Go, odd ones Rust. History is by email only (no profile lookups).
/// </summary>
public static class DiscoverCandidates
{
    public const string Topic = "service-mesh";

    public static int Level(int i) => 1 + (i * 7 % 10);

    public static string Name(int i) => $"niche/cand-{i:00}";

    public static int Stars(int i) => 5000 - (Level(i) * 400) - i;

    public static void Seed(FakeGitHub github, int count = 50)
    {
        var data = github.Data;
        for (var i = 0; i < count; i++)
        {
            var repo = data.AddRepository(Name(i));
            var n = 0;
            string Sha() => LocalGitHubData.Sha($"{repo.FullName}/{n++}");
            lock (data.Sync)
            {
                repo.Stars = Stars(i);
                for (var w = 26; w >= 1; w--)
                {
                    repo.Commits.Add(SampleRepository.Commit(Sha(), null, $"1{i:00}+keeper@users.noreply.github.com", w));
                    if (w > 13)
                    {
                        repo.Commits.Add(SampleRepository.Commit(Sha(), null, $"old@old{i}.io", w, hour: 11));
                    }
                    else
                    {
                        for (var k = 0; k < Level(i); k++)
                        {
                            repo.Commits.Add(SampleRepository.Commit(Sha(), null, $"dev{k}@c{i}-{k}.io", w, hour: 12 + k));
                        }
                    }
                }
            }

            github.Search.Index.Add(new SearchEntry(Name(i), [Topic, "kubernetes"], i % 2 == 0 ? "Go" : "Rust"));
        }
    }
}
