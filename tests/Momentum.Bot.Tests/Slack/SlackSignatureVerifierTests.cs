using System.Text;
using Microsoft.Extensions.Time.Testing;
using Momentum.Bot.Slack;

namespace Momentum.Bot.Tests.Slack;

public sealed class SlackSignatureVerifierTests
{
    // Slack's published example (api.slack.com/authentication/verifying-requests-from-slack, and both Slack SDKs' tests).
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static SlackSignatureVerifier At(DateTimeOffset now) => new(Secret, new FakeTimeProvider(now));

    [Fact]
    public void ThePublishedSigningVectorPasses()
    {
        Assert.Equal(Expected, Encoding.ASCII.GetString(At(SignedAt).Sign(Timestamp, Encoding.UTF8.GetBytes(Body))));
        Assert.Equal(SignatureCheck.Valid, At(SignedAt.AddSeconds(30)).Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void AChangedBodyFails() =>
        Assert.Equal(SignatureCheck.Mismatch, At(SignedAt).Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body + "------")));

    [Fact]
    public void AChangedSignatureFails() =>
        Assert.Equal(SignatureCheck.Mismatch, At(SignedAt).Verify(Timestamp, Expected[..^1] + "4", Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void ATimestampOlderThanFiveMinutesFails()
    {
        Assert.Equal(SignatureCheck.Valid, At(SignedAt.AddMinutes(5)).Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));
        Assert.Equal(SignatureCheck.Stale, At(SignedAt.AddMinutes(5).AddSeconds(1)).Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void ATimestampMoreThanFiveMinutesInTheFutureFails() =>
        Assert.Equal(SignatureCheck.Stale, At(SignedAt.AddMinutes(-5).AddSeconds(-1)).Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void TheRealClockRejectsThePublishedExample() =>
        Assert.Equal(SignatureCheck.Stale, new SlackSignatureVerifier(Secret, TimeProvider.System).Verify(Timestamp, Expected, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData(null, Expected)]
    [InlineData(Timestamp, null)]
    [InlineData("", "")]
    public void MissingHeadersFail(string? timestamp, string? signature) =>
        Assert.Equal(SignatureCheck.MissingHeaders, At(SignedAt).Verify(timestamp, signature, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData("not-a-number")]
    [InlineData("-5")]
    public void ANonNumericTimestampFails(string timestamp) =>
        Assert.Equal(SignatureCheck.BadTimestamp, At(SignedAt).Verify(timestamp, Expected, Encoding.UTF8.GetBytes(Body)));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AnEmptySecretIsRefusedOutright(string secret) =>
        Assert.Throws<ArgumentException>(() => new SlackSignatureVerifier(secret, TimeProvider.System));

    [Fact]
    public void TheSelfComputedJsonVectorsMatch()
    {
        const string challenge = """{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""";
        Assert.Equal(SignatureCheck.Valid, At(SignedAt).Verify(Timestamp, "v0=f9bd80929259f3f6d5fe3a3186c453c89cd1ad4862815a15837584f31c993652", Encoding.UTF8.GetBytes(challenge)));
        Assert.Equal(SignatureCheck.Valid, At(SignedAt).Verify(Timestamp, "v0=55f41ec73231010289b54e669149ea021fccab11b5524355523533ce930cb739", []));
    }
}
