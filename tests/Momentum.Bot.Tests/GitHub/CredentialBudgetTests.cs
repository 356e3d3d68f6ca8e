using System.Net;
using Momentum.Bot.GitHub;

namespace Momentum.Bot.Tests.GitHub;

/// <summary>GitHub's rate-limit headers as a credential's budget, when answers to concurrent requests arrive out of order.</summary>
public sealed class CredentialBudgetTests
{
    private static readonly DateTimeOffset Reset = new(2026, 3, 18, 13, 0, 0, TimeSpan.Zero);

    private static HttpResponseMessage Answer(int remaining, DateTimeOffset reset)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.Add("x-ratelimit-limit", "5000");
        response.Headers.Add("x-ratelimit-remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("x-ratelimit-reset", reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("x-ratelimit-resource", "core");
        return response;
    }

    [Fact]
    public void WithinOneWindowTheLowestRemainingStandsWhateverOrderTheAnswersCameIn()
    {
        var budget = new CredentialBudget("token");
        using (var later = Answer(4994, Reset))
        using (var earlier = Answer(4995, Reset))
        {
            budget.Observe(later);
            budget.Observe(earlier);
        }

        Assert.Equal(4994, budget.Remaining);
    }

    [Fact]
    public void ANewWindowReplacesTheOldOneAndAnAnswerFromTheOldOneNoLongerCounts()
    {
        var budget = new CredentialBudget("token");
        using (var spent = Answer(3, Reset))
        using (var fresh = Answer(4999, Reset.AddHours(1)))
        using (var stale = Answer(2, Reset))
        {
            budget.Observe(spent);
            budget.Observe(fresh);
            budget.Observe(stale);
        }

        Assert.Equal(4999, budget.Remaining);
        Assert.Equal(Reset.AddHours(1), budget.Reset);
    }
}
