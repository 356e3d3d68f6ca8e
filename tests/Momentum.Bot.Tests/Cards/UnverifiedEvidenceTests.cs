using Momentum.Bot.Cards;
using Momentum.Bot.Playground;
using Momentum.Bot.Slack;
using Momentum.Bot.Teams;
using Momentum.Bot.Tests.Infrastructure;
using Momentum.Bot.Tests.Slack;
using Momentum.Engine;

namespace Momentum.Bot.Tests.Cards;

/// <summary>
/// An alert's organisations that rest only on self-declared profile company text, or on one person's bare mail domain,
/// say "unverified" in the evidence, on Slack, Teams and the playground, escaped per platform, in messages the
/// platforms' own validators accept.
/// </summary>
public sealed class UnverifiedEvidenceTests
{
    private const string Hostile = "<!here> *Hooli* & Co";

    private static (Momentum.Bot.Reports.ProjectReport Report, Spike Spike) WithUnverifiedOrganisation()
    {
        var report = BlockKitRendererTests.LargeReport();
        var spike = report.Report.Spikes[^1];
        var marked = spike with
        {
            Organizations =
            [
                new SpikeOrganization(Hostile, 2) { Members = ["cy", "dee"], Unverified = true },
                .. spike.Organizations,
            ],
        };
        var spikes = report.Report.Spikes.Take(report.Report.Spikes.Count - 1).Append(marked).ToArray();
        return (report with { Report = report.Report with { Spikes = spikes } }, marked);
    }

    [Fact]
    public void TheAlertMarksTheOrganisationUnverifiedAndSaysWhatThatMeans()
    {
        var (report, spike) = WithUnverifiedOrganisation();

        var alert = SpikeAlert.Build(report, spike, "acme/rocket");

        var evidence = string.Join("\n", alert.Sections.SelectMany(s => s.Lines));
        Assert.Contains($"{Hostile} (cy, dee; unverified)", evidence, StringComparison.Ordinal);
        // mallory's organisation rests on an override; company0.io is one person's bare mail domain that week.
        Assert.Contains("Corp (mallory) · ", evidence, StringComparison.Ordinal);
        Assert.Contains("company0.io (spiker0; unverified)", evidence, StringComparison.Ordinal);
        Assert.Contains(SpikeEvidence.UnverifiedNote, alert.Notes);
        var verified = report with { Report = report.Report with { Spikes = report.Report.Spikes.Select(s => s with { Organizations = s.Organizations.Select(o => o with { Unverified = false }).ToArray() }).ToArray() } };
        Assert.DoesNotContain(SpikeEvidence.UnverifiedNote, SpikeAlert.Build(verified, verified.Report.Spikes[^1], "acme/rocket").Notes);
    }

    [Fact]
    public async Task SlackTeamsAndThePlaygroundShowItEscapedInValidMessages()
    {
        var (report, spike) = WithUnverifiedOrganisation();
        var alert = SpikeAlert.Build(report, spike, "acme/rocket");
        var card = MomentumCard.Build(report, "acme/rocket", inChannel: false);

        var slack = Texts(SlackMessages.Message(alert));
        var teams = AdaptiveCardRenderer.Message(alert)["attachments"]![0]!["content"]!;
        var teamsText = Texts(teams);
        var html = HtmlRenderer.Render(alert);

        // Slack's escape also defuses * (it has no escape for it), so match around it.
        Assert.Matches(@"&lt;!here&gt; \W*Hooli\W* &amp; Co \(cy, dee; unverified\)", slack);
        Assert.DoesNotContain("<!here>", slack, StringComparison.Ordinal);
        Assert.Contains("(cy, dee; unverified)", teamsText, StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", teamsText, StringComparison.Ordinal);
        Assert.Contains("(cy, dee; unverified)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<!here>", html, StringComparison.Ordinal);
        Assert.Contains(SpikeEvidence.UnverifiedNote, card.Notes);

        using var validators = new CardValidators();
        validators.AddBlockKit("alert-unverified", SlackMessages.Message(alert));
        validators.AddAdaptiveCard("alert-unverified", teams);
        validators.AddBlockKit("card-unverified", SlackMessages.Message(card));
        validators.AddAdaptiveCard("card-unverified", AdaptiveCardRenderer.Message(card)["attachments"]![0]!["content"]!);
        var (exitCode, output) = await validators.RunAsync();
        Assert.True(exitCode == 0, output);
    }

    // Every string in a message, decoded from its JSON, joined by newlines.
    private static string Texts(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => string.Join("\n", o.Select(p => Texts(p.Value))),
        System.Text.Json.Nodes.JsonArray a => string.Join("\n", a.Select(Texts)),
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => "",
    };
}
