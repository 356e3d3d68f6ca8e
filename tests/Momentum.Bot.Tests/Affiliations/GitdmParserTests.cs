using Momentum.Bot.Affiliations;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Affiliations;

public sealed class GitdmParserTests
{
    private static (DatedAffiliations Affiliations, GitdmParseResult Result) Parse(string text)
    {
        var affiliations = new DatedAffiliations();
        var result = GitdmParser.Parse(new StringReader(text), affiliations);
        return (affiliations, result);
    }

    private static DateOnly D(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void DatedLinesCoverTheirOwnDatesAndUntilIsExclusive()
    {
        var (a, result) = Parse("""
            # developers_affiliations1.txt — a header comment
            jdoe: jdoe!example.com, john!acme.io
            	Acme Inc. until 2020-03-02
            	Upbound Inc. from 2020-03-02 until 2023-01-01
            	Independent from 2023-01-01
            """);

        Assert.Equal(new GitdmParseResult(1, 5, 0), result);
        Assert.Equal("Acme Inc.", a.OrganizationAt("jdoe", D("2020-03-01")));
        Assert.Equal("Upbound Inc.", a.OrganizationAt("jdoe", D("2020-03-02")));
        Assert.Equal("Upbound Inc.", a.OrganizationAt("jdoe", D("2022-12-31")));
        Assert.Equal(OrganizationNames.Independent, a.OrganizationAt("jdoe", D("2023-01-01")));
    }

    [Fact]
    public void AnUndatedLineAfterADatedOneStartsWhereItEnded()
    {
        var (a, _) = Parse("ana: ana!x.org\n\tGoogle until 2019-01-01\n\tRed Hat\n");

        Assert.Equal("Google", a.OrganizationAt("ana", D("2018-12-31")));
        Assert.Equal("Red Hat", a.OrganizationAt("ana", D("2019-01-01")));
    }

    [Fact]
    public void EmailsWrittenWithBangMatchIdentitiesWithoutALogin()
    {
        var (a, _) = Parse("bo: Bo.Smith!Globex.com, bo!users.noreply.github.com\n\tGlobex\n");

        Assert.Equal("Globex", a.OrganizationAt("bo.smith@globex.com", D("2024-01-01")));
        Assert.Equal("Globex", a.OrganizationAt("bo", D("2024-01-01")));
        Assert.Null(a.OrganizationAt("someone@globex.com", D("2024-01-01")));
    }

    [Fact]
    public void RepeatedLoginsMergeAndTheLaterUndatedLineWins()
    {
        var (a, result) = Parse("""
            cy: cy!a.com
            	Initech
            	Hooli from 2024-01-01
            cy: cy!b.com
            	Globex
            """);

        Assert.Equal(2, result.Entries);
        Assert.Equal("Globex", a.OrganizationAt("cy", D("2023-06-01")));
        Assert.Equal("Hooli", a.OrganizationAt("cy", D("2024-06-01")));
        Assert.Equal("Globex", a.OrganizationAt("cy@a.com", D("2023-06-01")));
    }

    [Fact]
    public void NotFoundAndUnknownSayNothingAndUncoveredDatesFallThrough()
    {
        var (a, _) = Parse("dee: dee!d.io\n\tNotFound\neve: eve!e.io\n\t(Unknown)\nfay: fay!f.io\n\tAcme from 2024-01-01\n");

        Assert.Null(a.OrganizationAt("dee", D("2024-01-01")));
        Assert.Null(a.OrganizationAt("eve", D("2024-01-01")));
        Assert.Null(a.OrganizationAt("fay", D("2023-12-31")));
        Assert.Equal("Acme", a.OrganizationAt("fay", D("2024-01-01")));
    }

    [Fact]
    public void MalformedLinesAreSkippedAndCountedAndTheRestOfTheEntryStillApplies()
    {
        var (a, result) = Parse("""
            gus: gus!g.io
            	Acme until 2021-13-45
            	Acme from 2022-01-01 until 2021-01-01
            	 from 2020-01-01
            	Globex
            no colon here
            	Orphan line
            bad login!: x!y.z
            	Initech
            """);

        Assert.Equal(7, result.Malformed);
        Assert.Equal("Globex", a.OrganizationAt("gus", D("2024-01-01")));
        Assert.Equal(1, a.Logins);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\t\t\t")]
    [InlineData(":\n\t:\n")]
    [InlineData("x:\n\tA from \n\tB until\n")]
    [InlineData("\0\0: \0!\0\n\t\0 from 2020-01-01 until 2020-01-01")]
    public void HostileInputNeverThrows(string text)
    {
        var (_, result) = Parse(text);
        Assert.True(result.Malformed >= 0);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void EveryLineEndingReadsTheSame(string newline)
    {
        var text = string.Join(newline, "# comment", "hal: hal!h.io", "\tAcme until 2020-01-01", "\tGlobex", "", "ivy: ivy!i.io", "\tIndependent");

        foreach (var chunk in new[] { 1, 2, 3, 4096 })
        {
            var affiliations = new DatedAffiliations();
            var result = GitdmParser.Parse(new Trickle(text + newline, chunk), affiliations);

            Assert.Equal(new GitdmParseResult(2, 7, 0), result);
            Assert.Equal("Acme", affiliations.OrganizationAt("hal", D("2019-12-31")));
            Assert.Equal("Globex", affiliations.OrganizationAt("hal", D("2020-01-01")));
            Assert.Equal(OrganizationNames.Independent, affiliations.OrganizationAt("ivy", D("2020-01-01")));
            Assert.Equal("Globex", affiliations.OrganizationAt("hal@h.io", D("2020-01-01")));
        }
    }

    [Fact]
    public void ALineLongerThanTheReadBufferIsReadWhole()
    {
        var emails = string.Join(", ", Enumerable.Range(0, 5000).Select(i => $"jo{i}!mail{i}.example"));
        var (a, result) = Parse($"jo: {emails}\n\tAcme\nkay: kay!k.io\n\tGlobex");

        Assert.Equal(new GitdmParseResult(2, 4, 0), result);
        Assert.Equal(5000 + 1, a.Emails);
        Assert.Equal("Acme", a.OrganizationAt("jo4999@mail4999.example", D("2024-01-01")));
        Assert.Equal("Globex", a.OrganizationAt("kay", D("2024-01-01")));
    }

    [Fact]
    public void TheSameCompanyTextAlwaysMeansTheSame()
    {
        var (a, _) = Parse("lu: lu!l.io\n\tnotfound\nmo: mo!m.io\n\tNOTFOUND\nned: ned!n.io\n\tINDEPENDENT\noz: oz!o.io\n\tINDEPENDENT\npia: pia!p.io\n\tAcme Inc.\nquin: quin!q.io\n\tAcme Inc.");

        Assert.Null(a.OrganizationAt("lu", D("2024-01-01")));
        Assert.Null(a.OrganizationAt("mo", D("2024-01-01")));
        Assert.Equal(OrganizationNames.Independent, a.OrganizationAt("ned", D("2024-01-01")));
        Assert.Equal(OrganizationNames.Independent, a.OrganizationAt("oz", D("2024-01-01")));
        Assert.Equal("Acme Inc.", a.OrganizationAt("pia", D("2024-01-01")));
        Assert.Equal("Acme Inc.", a.OrganizationAt("quin", D("2024-01-01")));
    }

    /// <summary>A reader that hands out at most <paramref name="chunk"/> characters a read, as a network stream may.</summary>
    private sealed class Trickle(string text, int chunk) : TextReader
    {
        private int _at;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), text.Length - _at);
            text.CopyTo(_at, buffer, index, n);
            _at += n;
            return n;
        }

        public override int Read() => _at < text.Length ? text[_at++] : -1;

        public override int Peek() => _at < text.Length ? text[_at] : -1;
    }
}
