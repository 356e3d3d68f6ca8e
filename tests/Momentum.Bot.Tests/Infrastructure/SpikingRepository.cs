using Momentum.Bot.Demo;

namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>
/// Repositories for alert tests. <c>acme/booster</c>: for 20 weeks two end-user contributors a week (from acme.io and
/// globex.io) plus a maintainer, then in the newest complete week nine end-user contributors from six organisations.
/// <c>acme/steady</c>: the same steady weeks, no spike. <c>acme/rising</c>: the steady weeks, then spikes in each of the
/// two newest complete weeks (one episode).
/// </summary>
public static class SpikingRepository
{
    public const string Spiking = "acme/booster";
    public const string Steady = "acme/steady";
    public const string Rising = "acme/rising";

    public static readonly string[] SpikeOrganizations = ["initech.io", "hooli.io", "umbrella.io", "stark.io", "wayne.io", "acme.io"];

    public static void Seed(LocalGitHubData data)
    {
        Fill(data.AddRepository(Spiking), data, spike: true);
        Fill(data.AddRepository(Steady), data, spike: false);
        SeedRising(data);
    }

    /// <summary>Only <c>acme/rising</c>: for hosts that seed an <c>acme/booster</c> of their own.</summary>
    public static void SeedRising(LocalGitHubData data)
    {
        var rising = data.AddRepository(Rising);
        Fill(rising, data, spike: false);
        lock (data.Sync)
        {
            for (var w = 2; w >= 1; w--)
            {
                for (var i = 0; i < 7; i++)
                {
                    rising.Commits.Add(SampleRepository.Commit(LocalGitHubData.Sha($"{Rising}/rise/{w}/{i}"), $"rise{w}x{i}", $"rise{w}x{i}@{SpikeOrganizations[i % SpikeOrganizations.Length]}", w, hour: 13 + i));
                }
            }
        }
    }

    private static void Fill(LocalRepository repo, LocalGitHubData data, bool spike)
    {
        var n = 0;
        string Sha() => LocalGitHubData.Sha($"{repo.FullName}/{n++}");
        lock (data.Sync)
        {
            for (var w = 20; w >= 1; w--)
            {
                repo.Commits.Add(SampleRepository.Commit(Sha(), "maintainer", "maintainer@vendor.dev", w));
                repo.Commits.Add(SampleRepository.Commit(Sha(), "steady-a", "a@acme.io", w, hour: 11));
                repo.Commits.Add(SampleRepository.Commit(Sha(), "steady-b", "b@globex.io", w, hour: 12));
            }

            if (spike)
            {
                for (var i = 0; i < 7; i++)
                {
                    repo.Commits.Add(SampleRepository.Commit(Sha(), $"new{i}", $"new{i}@{SpikeOrganizations[i % SpikeOrganizations.Length]}", 1, hour: 13 + i));
                }
            }
        }
    }
}
