using Momentum.Bot.Commands;

namespace Momentum.Bot.Tests.Commands;

public sealed class PersonGrammarTests
{
    [Fact]
    public void AnOrganisationOfSeveralWordsNeedsNoQuotesAndDatesFollowIt()
    {
        Assert.Equal(new PersonSetCommand("ana", "Grafana Labs", new DateOnly(2023, 1, 1), new DateOnly(2024, 6, 1)), CommandParser.Parse("person @Ana org Grafana Labs from 2023-01-01 until 2024-06-01"));
        Assert.Equal(new PersonSetCommand("ana@example.com", "Acme", null, null), CommandParser.Parse("person Ana@Example.com org Acme"));
        Assert.Equal(new PersonShowCommand("ana"), CommandParser.Parse("person ana"));
        Assert.Equal(new PersonClearCommand("ana"), CommandParser.Parse("person ana clear"));
    }

    [Theory]
    [InlineData("person", "Which person")]
    [InlineData("person not/a/login", "neither a GitHub login")]
    [InlineData("person ana@nowhere", "neither a GitHub login")]
    [InlineData("person ana org", "Which organisation")]
    [InlineData("person ana org Acme from 2024-13-01", "is not a date")]
    [InlineData("person ana org Acme from 01/02/2024", "is not a date")]
    [InlineData("person ana org Acme until", "needs a date")]
    [InlineData("person ana org Acme from 2024-02-01 until 2024-02-01", "must be before")]
    [InlineData("person ana org Acme from 2024-01-01 from 2024-02-01", "given twice")]
    [InlineData("person ana clear now", "takes nothing")]
    [InlineData("person ana works Acme", "is not org or clear")]
    public void BadInputSaysWhatIsWrong(string text, string message)
    {
        var invalid = Assert.IsType<InvalidCommand>(CommandParser.Parse(text));
        Assert.Contains(message, invalid.Message, StringComparison.Ordinal);
        Assert.Equal(CommandParser.Usage["person"], invalid.Usage);
    }
}
