using System.ComponentModel.DataAnnotations;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Adoption;

/// <summary><c>Adoption__*</c>: reading how much a project's packages and images are used, beside (never in) the score.</summary>
public sealed class AdoptionOptions
{
    /// <summary><c>Adoption__Enabled</c>: false turns every source off (no requests; the card says so).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Adoption__MaxAge</c>: a reading younger than this is not fetched again (the sources change daily at most).</summary>
    [PositiveDuration]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(12);

    /// <summary><c>Adoption__StaleAfter</c>: an older reading is shown as unavailable, never as a current number.</summary>
    [PositiveDuration]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary><c>Adoption__Timeout</c>: one request's limit; a source that takes longer is unavailable this time.</summary>
    [PositiveDuration]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>Adoption__UserAgent</c>: sent with every request (crates.io refuses requests without one).</summary>
    [Required]
    public string UserAgent { get; set; } = "momentum-bot (community momentum for open-source projects)";
}

/// <summary><c>Adoption__{Source}__*</c> (DepsDev, Npm, Crates, DockerHub): one source's switch, address and budget.</summary>
public sealed class AdoptionSourceOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The source's base address; unset: its public one. Tests and mirrors point it elsewhere.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The most requests this source gets per hour, across replicas (counted in Redis); beyond it, readings wait.</summary>
    [Range(1, 100_000)]
    public int RequestsPerHour { get; set; } = 120;
}
