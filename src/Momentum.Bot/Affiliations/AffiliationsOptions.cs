using System.ComponentModel.DataAnnotations;

namespace Momentum.Bot.Affiliations;

/// <summary>
/// Where dated affiliations come from (<c>Affiliations__…</c>): the gitdm repository's files through the GitHub API, and
/// any other file in the same format over HTTP(S).
/// </summary>
public sealed class AffiliationsOptions
{
    /// <summary><c>owner/repo</c> whose top-level files matching <see cref="Files"/> are read; empty turns gitdm off.</summary>
    public string GitdmRepository { get; set; } = "cncf/gitdm";

    /// <summary>A glob (<c>*</c>, <c>?</c>) over the repository's top-level file names.</summary>
    [Required]
    public string Files { get; set; } = "developers_affiliations*.txt";

    /// <summary>Further files in gitdm's format (an organisation's own map), read in order after the gitdm files.</summary>
    public List<Uri> Urls { get; set; } = [];

    /// <summary>How often the files are read again (unchanged files cost no counted GitHub request).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromDays(1);
}
