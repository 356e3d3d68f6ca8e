namespace Momentum.Bot.Tests.Infrastructure;

/// <summary>Replies far beyond what any chat platform accepts, for renderers to cut down to size.</summary>
public static class OversizedReply
{
    public static Reply Create() => new()
    {
        Title = new string('T', 400),
        Subtitle = new string('s', 5000),
        Summary = new string('x', 10_000),
        Facts = Enumerable.Range(0, 45).Select(i => new ReplyFact($"Fact {i}", new string('v', 3000))).ToArray(),
        Sections = Enumerable.Range(0, 80).Select(i => new ReplySection($"Section {i}", Enumerable.Range(0, 20).Select(_ => new string('l', 400)).ToArray())).ToArray(),
        Series = Enumerable.Range(0, 30).Select(i => new ReplySeries($"Series {i}", Enumerable.Range(0, 26).ToArray())).ToArray(),
        Table = new ReplyTable(["", "a", "b", "c", "d", "e"], Enumerable.Range(0, 300).Select(i => (IReadOnlyList<string>)Enumerable.Repeat($"cell{i}", 6).ToArray()).ToArray()),
        Notes = Enumerable.Range(0, 40).Select(i => $"note {i} " + new string('n', 500)).ToArray(),
        Actions = Enumerable.Range(0, 40).Select(i => new ReplyAction($"a{i}", new string('b', 200), new string('v', 5000))).ToArray(),
        Choices = [new ReplyChoice("compare", "Compare with…", Enumerable.Range(0, 300).Select(i => new ReplyOption(new string('o', 100), new string('w', 300))).ToArray())],
    };
}
