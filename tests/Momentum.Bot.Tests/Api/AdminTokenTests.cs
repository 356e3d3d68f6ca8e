using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Momentum.Bot.Api;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Api;

public sealed class AdminTokenTests
{
    [Fact]
    public async Task WithoutAConfiguredAdminTokenWritesAreForbidden()
    {
        await using var github = await FakeGitHub.StartAsync(new LocalGitHubData());
        await using var app = new MomentumApp(github);
        using var client = app.CreateClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors")
        {
            Content = JsonContent.Create(new { organizations = Array.Empty<object>() }),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(put)).StatusCode);
    }

    [Theory]
    [InlineData("s3cret", "s3cret", true)]
    [InlineData("s3cret", "s3cre", false)]
    [InlineData("s3cret", "", false)]
    [InlineData("s3cret", "s3cret ", false)]
    public void TokensCompareExactly(string expected, string presented, bool equal) =>
        Assert.Equal(equal, AdminTokenFilter.FixedTimeEquals(presented, expected));
}
