using Momentum.Engine;

namespace Momentum.Bot.Affiliations;

/// <summary>The dated affiliations in force on this replica, and a version that changes whenever they do (reports key on it).</summary>
public sealed class AffiliationData
{
    private volatile Snapshot _current = new(DatedAffiliations.Empty, "none", new GitdmParseResult(0, 0, 0));

    public DatedAffiliations Current => _current.Affiliations;

    public string Version => _current.Version;

    public GitdmParseResult Totals => _current.Totals;

    public void Replace(DatedAffiliations affiliations, string version, GitdmParseResult totals) =>
        _current = new Snapshot(affiliations, version, totals);

    private sealed record Snapshot(DatedAffiliations Affiliations, string Version, GitdmParseResult Totals);
}
