using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Resilience.Hostile;

/// <summary>
/// A corpus of hostile input against the real endpoints — malformed UTF-8, 10,000-deep JSON, huge fields, duplicate
/// form fields, control characters, mention and markdown injection, URL-shaped and <c>../</c> project names. Every
/// answer is 2xx or 4xx, a 4xx says why, and the host sends nothing to any host but the configured ones (GitHub, Slack,
/// the Bot Framework login and connector), nor a traversal path to GitHub.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ResilienceHost _host = null!;

    public async Task InitializeAsync() => _host = await ResilienceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly string[] ProjectNames =
    [
        "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e", "owner/repo/../../x", "http://169.254.169.254/latest/meta-data",
        "https://evil.test/owner/repo", "//evil.test/x", "owner/repo@evil.test", "a/b?c=d#e", "localhost:6379/x", @"\\evil\share",
        "owner/" + new string('r', 300), "owner/\u0000repo", "own\u202eer/repo", "<!channel>", "<@U0LAN0Z89|steve>", "*Bold* Industries", "`rm -rf`",
        "<at>Momentum</at>", "&lt;script&gt;", "<script>alert(1)</script>", "\ud83d\ude80/\ud83d\ude80",
    ];

    private static readonly string[] CommandTexts =
    [
        "compare {0} {0}", "vendor {0}", "vendor {0} add \"*Bold* Industries\" bold.example", "alias x {0}", "watchlist add w {0}", "watch {0}",
        "backtest {0} weeks=99999999999", "subscribe {0} tz=../../etc/passwd", "{0} public",
    ];

    /// <summary>A hostile request, named for the report.</summary>
    private sealed record Case(string Name, Func<ResilienceHost, HttpRequestMessage> Request);

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);

    private static string DeepObject(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static byte[] Bytes(params object[] parts) => parts.SelectMany(p => p switch
    {
        string s => Encoding.UTF8.GetBytes(s),
        byte[] b => b,
        _ => throw new ArgumentException("string or bytes", nameof(parts)),
    }).ToArray();

    private static readonly byte[] BadUtf8 = [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF, 0xFE];

    private static string Slash(ResilienceHost host, string text, string team = "T0001") => SlackRequests.SlashCommand(text, host.Slack.ResponseUrl("hostile"), team);

    private static string Mention(string text) => new JsonObject
    {
        ["type"] = "event_callback", ["team_id"] = "T0001", ["event_id"] = "Ev" + Guid.NewGuid().ToString("N"), ["event_time"] = 1515449522,
        ["event"] = new JsonObject { ["type"] = "app_mention", ["user"] = "U061F7AUR", ["text"] = "<@U0LAN0Z89> " + text, ["ts"] = "1515449522.000016", ["channel"] = "C123" },
    }.ToJsonString();

    private static IEnumerable<Case> Corpus()
    {
        const string form = "application/x-www-form-urlencoded";
        const string json = "application/json";

        // Slash commands.
        yield return new("slash: malformed UTF-8 in text (percent-encoded)", h => h.SignedSlack("/slack/commands", Slash(h, "x").Replace("text=x", "text=%C3%28%FF%FE", StringComparison.Ordinal), form));
        yield return new("slash: malformed UTF-8 in the raw body", h => h.SignedSlack("/slack/commands", Bytes(Slash(h, "x"), "&text=", BadUtf8), form));
        yield return new("slash: duplicate fields", h => h.SignedSlack("/slack/commands", Slash(h, "acme/rocket") + "&text=help&team_id=T0002&response_url=http%3A%2F%2F127.0.0.1%3A1%2F", form));
        yield return new("slash: control characters", h => h.SignedSlack("/slack/commands", Slash(h, "acme/rocket\u0000\u0007\u001b[31m\u0008\r\n"), form));
        yield return new("slash: a 1 MB text", h => h.SignedSlack("/slack/commands", Slash(h, new string('a', 1 << 20)), form));
        yield return new("slash: 2,001 characters", h => h.SignedSlack("/slack/commands", Slash(h, new string('a', 2001)), form));
        yield return new("slash: not a form", h => h.SignedSlack("/slack/commands", Deep(10_000), json));
        yield return new("slash: empty body", h => h.SignedSlack("/slack/commands", "", form));
        yield return new("slash: no team", h => h.SignedSlack("/slack/commands", "text=help&response_url=" + Uri.EscapeDataString(h.Slack.ResponseUrl("x").AbsoluteUri), form));
        foreach (var name in ProjectNames)
        {
            yield return new($"slash: project {Show(name)}", h => h.SignedSlack("/slack/commands", Slash(h, name), form));
        }

        foreach (var text in CommandTexts)
        {
            foreach (var name in ProjectNames.Take(6))
            {
                yield return new($"slash: {Show(string.Format(CultureInfo.InvariantCulture, text, name))}", h => h.SignedSlack("/slack/commands", Slash(h, string.Format(CultureInfo.InvariantCulture, text, name)), form));
            }
        }

        // Events.
        yield return new("events: 10,000-deep array", h => h.SignedSlack("/slack/events", Deep(10_000), json));
        yield return new("events: 10,000-deep object", h => h.SignedSlack("/slack/events", DeepObject(10_000), json));
        yield return new("events: malformed UTF-8", h => h.SignedSlack("/slack/events", Bytes("{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\",\"text\":\"", BadUtf8, "\"}}"), json));
        yield return new("events: an unpaired surrogate escape", h => h.SignedSlack("/slack/events", """{"type":"event_callback","team_id":"T0001","event":{"type":"app_mention","text":"\uDE80","user":"U1","channel":"C1","ts":"1.2"}}""", json));
        yield return new("events: an unpaired surrogate escape in a key", h => h.SignedSlack("/slack/events", """{"\uD83D":1,"type":"url_verification","challenge":"c"}""", json));
        yield return new("interactivity: an unpaired surrogate escape", h => h.SignedSlack("/slack/interactivity", "payload=" + Uri.EscapeDataString("""{"type":"block_actions","team":{"id":"T0001"},"actions":[{"action_id":"\uDC00","value":"x"}]}"""), "application/x-www-form-urlencoded"));
        yield return new("events: a 5 MB field", h => h.SignedSlack("/slack/events", Mention(new string('a', 5 << 20)), json));
        yield return new("events: duplicate keys", h => h.SignedSlack("/slack/events", """{"type":"url_verification","type":"event_callback","challenge":"c","event":{"type":"app_mention","type":"x"}}""", json));
        yield return new("events: a byte-order mark", h => h.SignedSlack("/slack/events", Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, """{"type":"url_verification","challenge":"c"}"""), json));
        yield return new("events: trailing garbage", h => h.SignedSlack("/slack/events", """{"type":"url_verification","challenge":"c"} garbage""", json));
        yield return new("events: empty body", h => h.SignedSlack("/slack/events", "", json));
        yield return new("events: null", h => h.SignedSlack("/slack/events", "null", json));
        foreach (var tokens in new[] { "\"x\"", "null", "1", "[]", "{\"oauth\":\"x\",\"bot\":[1,null]}" })
        {
            yield return new($"events: tokens_revoked with tokens {tokens}", h => h.SignedSlack("/slack/events", "{\"type\":\"event_callback\",\"team_id\":\"T0001\",\"event_id\":\"Ev" + Guid.NewGuid().ToString("N") + "\",\"event\":{\"type\":\"tokens_revoked\",\"tokens\":" + tokens + "}}", json));
        }

        foreach (var name in ProjectNames.Take(8))
        {
            yield return new($"events: mention {Show(name)}", h => h.SignedSlack("/slack/events", Mention(name), json));
        }

        yield return new("events: mention injection", h => h.SignedSlack("/slack/events", Mention("vendor acme/rocket add \"<!channel> *Bold*\" x.example"), json));

        // Interactivity.
        foreach (var actions in new[] { "[null]", "[\"x\"]", "[1]", "null", "{}", "[{\"action_id\":null,\"value\":[]}]", Deep(10_000) })
        {
            yield return new($"interactivity: actions {Show(actions)}", h => h.SignedSlack("/slack/interactivity", SlackRequests.Form(("payload", $$"""{"type":"block_actions","team":{"id":"T0001"},"user":{"id":"U1"},"channel":{"id":"C1"},"actions":{{actions}}}""")), form));
        }

        yield return new("interactivity: payload not JSON", h => h.SignedSlack("/slack/interactivity", "payload=%7Bnot", form));
        yield return new("interactivity: no payload", h => h.SignedSlack("/slack/interactivity", "x=1", form));
        yield return new("interactivity: two payloads", h => h.SignedSlack("/slack/interactivity", "payload=%7B%7D&payload=%5B%5D", form));

        // Teams, with a valid token: the body is what is hostile.
        yield return new("teams: 10,000-deep array", h => h.Activity(Encoding.UTF8.GetBytes(Deep(10_000))));
        yield return new("teams: 10,000-deep object", h => h.Activity(Encoding.UTF8.GetBytes(DeepObject(10_000))));
        yield return new("teams: an unpaired surrogate escape", h => h.Activity(Encoding.UTF8.GetBytes(h.Teams.PersonalMessage("help").ToJsonString().Replace("\"help\"", "\"\\uDE80help\"", StringComparison.Ordinal))));
        yield return new("teams: malformed UTF-8", h => h.Activity(Bytes("{\"type\":\"message\",\"text\":\"", BadUtf8, "\"}")));
        yield return new("teams: null", h => h.Activity("null"u8.ToArray()));
        yield return new("teams: empty", h => h.Activity([]));
        yield return new("teams: a 5 MB text", h => h.Activity(Encoding.UTF8.GetBytes(h.Teams.PersonalMessage(new string('a', 5 << 20)).ToJsonString())));
        yield return new("teams: duplicate keys", h => h.Activity(Encoding.UTF8.GetBytes(h.Teams.PersonalMessage("help").ToJsonString().Replace("{\"type\":\"message\"", "{\"type\":\"message\",\"type\":\"invoke\"", StringComparison.Ordinal))));
        yield return new("teams: control characters", h => h.Activity(Encoding.UTF8.GetBytes(h.Teams.PersonalMessage("acme/rocket\u0000\u001b[31m").ToJsonString())));
        yield return new("teams: mention injection", h => h.Activity(Encoding.UTF8.GetBytes(h.Teams.PersonalMessage("vendor acme/rocket add \"<at>Boss</at> **Bold**\" x.example").ToJsonString())));
        foreach (var name in ProjectNames.Take(8))
        {
            yield return new($"teams: project {Show(name)}", h => h.Activity(Encoding.UTF8.GetBytes(h.Teams.PersonalMessage(name).ToJsonString())));
        }

        // The API and the playground.
        foreach (var path in new[]
        {
            "/api/v1/projects/..%2F..%2Fetc/passwd/momentum", "/api/v1/projects/%2e%2e/%2e%2e/momentum", "/api/v1/projects/acme/rocket/momentum?refresh=yes",
            "/api/v1/projects/acme/rocket/momentum?maxAge=banana", "/api/v1/projects/" + new string('o', 300) + "/r/momentum", "/api/v1/projects/rocket/momentum",
"/api/v1/projects/acme/%F0%9F%9A%80/momentum", "/api/v1/projects/acme/rocket/vendors",
        })
        {
            yield return new($"api: GET {Show(path)}", _ => new HttpRequestMessage(HttpMethod.Get, path));
        }

        yield return new("api: PUT vendors without a token", _ => new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors") { Content = new StringContent("{not json", Encoding.UTF8, json) });
        yield return new("api: PUT vendors 10,000-deep", _ => new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors") { Content = new StringContent(Deep(10_000), Encoding.UTF8, json) });
        yield return new("api: PUT vendors with an unpaired surrogate escape", _ => new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors") { Content = new StringContent("""{"vendors":["\uDE80"]}""", Encoding.UTF8, json) });
        foreach (var body in new[] { "{not json", Deep(10_000), """{"text":"\uDE80 acme/rocket"}""", """{"text":null}""", """{"text":5}""", """{"action":"compare","value":null}""", "{\"text\":\"" + new string('a', 1 << 20) + "\"}" })
        {
            yield return new($"playground: {Show(body)}", _ => new HttpRequestMessage(HttpMethod.Post, "/playground/run") { Content = new StringContent(body, Encoding.UTF8, json) });
        }

        foreach (var name in ProjectNames)
        {
            yield return new($"playground: project {Show(name)}", _ => new HttpRequestMessage(HttpMethod.Post, "/playground/run") { Content = new StringContent(new JsonObject { ["text"] = name }.ToJsonString(), Encoding.UTF8, json) });
        }
    }

    private static string Show(string text)
    {
        var shown = new string(text.Select(c => char.IsControl(c) ? '·' : c).ToArray());
        return shown.Length > 60 ? shown[..60] + "…" : shown;
    }

    [Fact]
    public async Task EveryHostileRequestGetsAClearAnswerAndReachesNoOtherHost()
    {
        var cases = Corpus().ToArray();
        var failures = new List<string>();
        var fiveHundreds = 0;
        var silent = 0;
        foreach (var @case in cases)
        {
            using var request = @case.Request(_host);
            using var response = await _host.Client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                fiveHundreds++;
                failures.Add($"{@case.Name}: {status} {Show(body)}");
            }
            else if (status >= 400 && string.IsNullOrWhiteSpace(body))
            {
                silent++;
                failures.Add($"{@case.Name}: {status} without a message");
            }
        }

        // Stopping the host drains the work the requests started (scans, replies), so all it would send has been sent.
        await _host.App.DisposeAsync();
        var outside = _host.Outbound.Outside(_host.Allowed);
        var traversal = _host.Teams.GitHub.Requests.Where(r => r.PathAndQuery.Contains("..", StringComparison.Ordinal) || r.PathAndQuery.Contains("%2e", StringComparison.OrdinalIgnoreCase)).ToArray();
        Figures.Record(output, $"hostile corpus: {cases.Length} requests, {fiveHundreds} answered 5xx, {silent} 4xx without a message, " +
            $"{outside.Count} requests to other hosts, {traversal.Length} traversal paths sent to GitHub");
        failures.AddRange(outside.Select(u => $"sent a request to {u.GetLeftPart(UriPartial.Authority)}"));
        failures.AddRange(traversal.Select(r => $"sent {r.PathAndQuery} to GitHub"));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [InlineData("/slack/commands", "POST {0} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("/slack/events", "POST {0} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("/api/messages", "POST {0} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")]
    [InlineData("/slack/commands", "POST {0} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ntext=help")]
    [InlineData("/api/messages", "POST {0} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nContent-Type: application/json\r\n\r\n{{}}")]
    public async Task BrokenFramingIsA4xx(string path, string raw)
    {
        await using var app = new KestrelDemoApp(new() { ["Slack:SigningSecret"] = SlackRequests.Secret });
        var address = app.Start();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, raw, path)));
        // Then the client goes quiet, the connection open: a body shorter than its Content-Length waits for Kestrel's
        // minimum data rate to give up on it.
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(statusLine);
        var status = int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.InRange(status, 400, 499);
    }
}
