using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Lens;

/// <summary>
/// <see cref="SampleRepository"/> (acme/rocket) and a second repository, acme/engine, on one fake GitHub. Spotify's
/// people: spo on acme/rocket since week 40 (and in week 2); on acme/engine sam (week 3), sue (week 5) and one person
/// known only by an email (week 4) — Spotify began contributing there in the last quarter. Globex's dee also opened an
/// engine pull request in week 20.
/// </summary>
public static class LensHost
{
    public const string Engine = "acme/engine";

    public static Task<SampleHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var data = new LocalGitHubData();
        var rocket = SampleRepository.Seed(data);
        var engine = data.AddRepository(Engine);
        lock (data.Sync)
        {
            rocket.Commits.Add(SampleRepository.Commit("s40", "spo", "spo@spotify.com", 40));
            rocket.Commits.Add(SampleRepository.Commit("s02", "spo", "spo@spotify.com", 2));
            engine.Stars = 56;
            engine.Commits.AddRange(
            [
                SampleRepository.Commit("e1", "sam", "sam@spotify.com", 3),
                SampleRepository.Commit("e2", "sue", "sue@spotify.com", 5),
                SampleRepository.Commit("e3", null, "sid@spotify.com", 4),
                SampleRepository.Commit("e4", "ana", "ana@isovalent.com", 6),
            ]);
            engine.Pulls.Add(new LocalPull(7, "dee", SampleRepository.In(20), SampleRepository.In(20)));
        }

        data.AddUser("spo", "Spotify");
        data.AddUser("sam", "@spotify");
        data.AddUser("sue", null);
        return SampleHost.StartOnAsync(data, settings);
    }
}
