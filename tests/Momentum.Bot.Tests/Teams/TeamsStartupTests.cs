using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Teams;

/// <summary>What the host does with half a Teams configuration (refuses to start) and with none (serves no Teams endpoint).</summary>
public sealed class TeamsStartupTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync(new LocalGitHubData());

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Theory]
    [InlineData("Teams:AppId=6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b", "Teams__AppPassword")]
    [InlineData("Teams:AppId=6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b;Teams:AppPassword=p;Teams:OpenIdMetadataUrl=http://login.example.com/meta", "Teams__OpenIdMetadataUrl")]
    [InlineData("Teams:AppId=6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b;Teams:AppPassword=p;Teams:TokenEndpoint=http://login.example.com/token", "Teams__TokenEndpoint")]
    [InlineData("Teams:AppId=6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b;Teams:AppPassword=p;Teams:TenantId=not a tenant", "Teams__TenantId")]
    [InlineData("Teams:AppId=6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b;Teams:AppPassword=p", "Teams__AllowedTenants")]
    [InlineData("Teams:AppId=6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b;Teams:AppPassword=p;Teams:TenantId=contoso.onmicrosoft.com", "Teams__AllowedTenants")]
    [InlineData("Teams:AppId=6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b;Teams:AppPassword=p;Teams:AllowedTenants=T0001", "Teams__AllowedTenants")]
    public async Task AHalfConfiguredTeamsAppStopsStartUpNamingTheSetting(string settings, string named)
    {
        await using var app = new MomentumApp(_github, settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1], StringComparer.Ordinal));

        var thrown = Record.Exception(() => app.CreateClient());

        var validation = Chain(thrown).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, $"expected an OptionsValidationException, got: {thrown}");
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("=p", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAnAppIdThereIsNoTeamsEndpointAndNoTeamsPoster()
    {
        await using var app = new MomentumApp(_github);
        using var client = app.CreateClient();

        var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(app.Services.GetServices<IChatPoster>(), p => p.Platform == Platform.Teams);
    }

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
