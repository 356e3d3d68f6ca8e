using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.IdentityModel.Tokens;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Resilience.Fuzzing;

/// <summary>
/// Generated input through the real endpoints, signed or tokened so it passes the door and reaches the readers behind
/// it: every answer is 2xx or 4xx (a 4xx with a message), never 5xx, and nothing is sent to a host that is not configured.
/// </summary>
public sealed class EndpointFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ResilienceHost _host = null!;

    public async Task InitializeAsync() => _host = await ResilienceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SignedSlashCommandsNeverFail()
    {
        var responseUrls = Gen.OneOf(
            _host.Slack.ResponseUrl("fuzz").AbsoluteUri, "http://127.0.0.1:1/x", "http://[::1]:80/", "http://0x7f000001/", "https://hooks.slack.com.evil.test/x",
            "https://hooks.slack.com@127.0.0.1:9/x", "file:///etc/passwd", "", "not a url");
        var fields = Gen.Select(Inputs.CommandText, responseUrls, Gen.OneOf("T0001", "E0001", "", "T0001&team_id=T9", "playground", "teams:x"))
            .Select(t => SlackRequests.Form(("team_id", t.Item3), ("channel_id", "C123"), ("user_id", "U1"), ("command", "/momentum"), ("text", Clean(t.Item1)), ("response_url", t.Item2)));
        var bodies = Gen.Frequency(Inputs.W(4, fields.Select(Encoding.UTF8.GetBytes)), Inputs.W(1, Inputs.Damaged(fields)));
        var result = await FuzzBudget.RunAsync("Slack slash commands (signed, through /slack/commands)", bodies,
            body => ExpectAnswerAsync(_host.SignedSlack("/slack/commands", body, "application/x-www-form-urlencoded")), Encoding.UTF8.GetString);
        FuzzBudget.Report(output, result);
        AssertOnlyConfiguredHosts();
    }

    [Fact]
    public async Task SignedEventsNeverFail()
    {
        var documents = Gen.OneOf(Seeds.SlackEvents()).SelectMany(s => Inputs.Mutations(s));
        var bodies = Gen.Frequency(Inputs.W(4, documents.Select(d => Encoding.UTF8.GetBytes(d.ToJsonString()))), Inputs.W(1, Inputs.Damaged(documents.Select(d => d.ToJsonString()))));
        var result = await FuzzBudget.RunAsync("Slack events (signed, through /slack/events)", bodies,
            body => ExpectAnswerAsync(_host.SignedSlack("/slack/events", body, "application/json")), Encoding.UTF8.GetString);
        FuzzBudget.Report(output, result);
        AssertOnlyConfiguredHosts();
    }

    [Fact]
    public async Task SignedInteractionsNeverFail()
    {
        var documents = Gen.OneOf(Seeds.SlackInteractions()).SelectMany(s => Inputs.Mutations(s));
        var result = await FuzzBudget.RunAsync("Slack interactivity (signed, through /slack/interactivity)", documents,
            d => ExpectAnswerAsync(_host.SignedSlack("/slack/interactivity", SlackRequests.Form(("payload", d.ToJsonString())), "application/x-www-form-urlencoded")),
            d => d.ToJsonString());
        FuzzBudget.Report(output, result);
        AssertOnlyConfiguredHosts();
    }

    [Fact]
    public async Task TokenedActivitiesNeverFail()
    {
        var seeds = Seeds.TeamsActivities();
        foreach (var seed in seeds)
        {
            seed["serviceUrl"] = _host.Teams.Connector.ServiceUrl;
        }

        var documents = Gen.OneOf(seeds).SelectMany(s => Inputs.Mutations(s));
        var bodies = Gen.Frequency(Inputs.W(4, documents.Select(d => Encoding.UTF8.GetBytes(d.ToJsonString()))), Inputs.W(1, Inputs.Damaged(documents.Select(d => d.ToJsonString()))));
        var result = await FuzzBudget.RunAsync("Teams activities (with a valid token, through /api/messages)", bodies,
            body => ExpectAnswerAsync(_host.Activity(body)), Encoding.UTF8.GetString);
        FuzzBudget.Report(output, result);
        AssertOnlyConfiguredHosts();
    }

    [Fact]
    public async Task ForgedTokensAreRefusedNeverCrash()
    {
        var valid = _host.Teams.Token();
        var parts = valid.Split('.');
        string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var headers = Gen.OneOf(
            """{"alg":"none","typ":"JWT"}""", """{"alg":"HS256","kid":"key-1"}""", """{"alg":"RS256","kid":"unknown"}""", """{"alg":"RS256"}""",
            """{"alg":"RS256","kid":null}""", """{"alg":"RS256","kid":["key-1"]}""", """{}""", "[]", "null", "\"x\"", """{"alg":"RS256","kid":"../../etc"}""");
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])))!;
        var forged = Gen.Select(headers, Inputs.Mutations(payload), Gen.OneOf(parts[2], "", "AAAA", new string('A', 5000)))
            .Select(t => $"{B64(t.Item1)}.{B64(t.Item2.ToJsonString())}.{t.Item3}");
        var flipped = Gen.Int[0, valid.Length - 1].Select(i => valid[..i] + (valid[i] == 'A' ? 'B' : 'A') + valid[(i + 1)..]);
        var unknownKey = Gen.Const(0).Select(_ => _host.Teams.Login.Sign(TeamsHost.AppId, _host.Teams.Connector.ServiceUrl, _host.App.Clock.GetUtcNow(), key: FakeBotFrameworkLogin.NewKey("key-1")));
        var tokens = Gen.Frequency(Inputs.W(4, forged), Inputs.W(3, flipped.Where(t => t != valid)), Inputs.W(1, unknownKey), Inputs.W(2, Inputs.CommandText.Select(Clean)));
        var authorizations = Gen.Select(Gen.OneOf("Bearer ", "bearer ", "Basic ", "Bearer  ", ""), tokens).Select(t => t.Item1 + t.Item2);
        var activity = Encoding.UTF8.GetBytes(_host.Teams.PersonalMessage("acme/rocket").ToJsonString());

        var result = await FuzzBudget.RunAsync("Bot Connector token checks (forged tokens, through /api/messages)", authorizations, async authorization =>
        {
            using var response = await _host.Client.SendAsync(_host.Activity(activity, authorization));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }, a => a);
        FuzzBudget.Report(output, result);
    }

    [Fact]
    public async Task EverySingleMutationOfARealPayloadIsAnswered()
    {
        var teams = Seeds.TeamsActivities();
        foreach (var seed in teams)
        {
            seed["serviceUrl"] = _host.Teams.Connector.ServiceUrl;
        }

        var cases = teams.SelectMany(seed => Inputs.Sweep(seed).Select(m => ($"teams {seed["type"]}: {m.Where}", (Func<HttpRequestMessage>)(() => _host.Activity(Encoding.UTF8.GetBytes(m.Document.ToJsonString()))))))
            .Concat(Seeds.SlackEvents().SelectMany(seed => Inputs.Sweep(seed).Select(m => ($"slack event: {m.Where}", (Func<HttpRequestMessage>)(() => _host.SignedSlack("/slack/events", m.Document.ToJsonString(), "application/json"))))))
            .Concat(Seeds.SlackInteractions().SelectMany(seed => Inputs.Sweep(seed).Select(m => ($"slack interaction: {m.Where}", (Func<HttpRequestMessage>)(() => _host.SignedSlack("/slack/interactivity", SlackRequests.Form(("payload", m.Document.ToJsonString())), "application/x-www-form-urlencoded"))))))
            .ToList();
        var failures = new List<string>();
        foreach (var (name, request) in cases)
        {
            try
            {
                await ExpectAnswerAsync(request()).WaitAsync(FuzzBudget.HangAfter);
            }
            catch (Exception ex) when (ex is Xunit.Sdk.XunitException or TimeoutException)
            {
                failures.Add($"{name}: {ex.Message}");
            }
        }

        Figures.Record(output, $"sweep of single mutations of real Slack and Teams payloads: {cases.Count:N0} requests, {failures.Count} answered 5xx or not at all");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(10)));
        AssertOnlyConfiguredHosts();
    }

    private static string Clean(string text) => new(text.Where(c => !char.IsSurrogate(c)).ToArray());

    private async Task ExpectAnswerAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _host.Client.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"{status}: {body}");
            if (status >= 400)
            {
                Assert.False(string.IsNullOrWhiteSpace(body), $"a {status} says why");
            }
        }
    }

    private void AssertOnlyConfiguredHosts()
    {
        var outside = _host.Outbound.Outside(_host.Allowed);
        Assert.True(outside.Count == 0, "requests left for: " + string.Join(", ", outside));
    }
}
