using Microsoft.Extensions.Configuration;
using Momentum.Bot.Hosting;

namespace Momentum.Bot.Tests.Adoption;

/// <summary>The adoption settings are checked at start like every other: one line naming the variable.</summary>
public sealed class AdoptionSettingsTests
{
    private static string? Problem(string key, string value) =>
        SettingsCheck.Problem(new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build(), Program.Settings.Sections);

    [Theory]
    [InlineData("Adoption:Enabled", "maybe", "Invalid setting Adoption__Enabled=maybe: must be true or false")]
    [InlineData("Adoption:MaxAge", "00:00:00", "Invalid setting Adoption__MaxAge=00:00:00: must be a positive duration like 12:00:00")]
    [InlineData("Adoption:Timeout", "fast", "Invalid setting Adoption__Timeout=fast: must be a positive duration like 00:00:10")]
    [InlineData("Adoption:DepsDev:RequestsPerHour", "0", "Invalid setting Adoption__DepsDev__RequestsPerHour=0: must be a whole number from 1 to 100000")]
    [InlineData("Adoption:DockerHub:Enabled", "off", "Invalid setting Adoption__DockerHub__Enabled=off: must be true or false")]
    [InlineData("Adoption:Npm:BaseUrl", "not a url", "Invalid setting Adoption__Npm__BaseUrl=not a url: must be an absolute http(s) URL")]
    public void ABadAdoptionSettingIsNamed(string key, string value, string expected)
    {
        Assert.StartsWith(expected, Problem(key, value), StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.Null(Problem("Adoption:Crates:BaseUrl", "https://crates.io/"));
    }
}
