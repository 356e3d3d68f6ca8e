using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Hosting;

/// <summary>
/// What happens before the host serves anything: safe logging defaults that hold without an <c>appsettings.json</c>,
/// and settings checked so that a bad one stops the host with exit code 1 and one line on stderr, not a stack trace.
/// </summary>
public static class StartupChecks
{
    /// <summary>
    /// Logging levels that apply when nothing else sets them (they sit under every other configuration source): request
    /// lines carry OAuth <c>code</c>/<c>state</c> and HTTP-client lines carry Slack's <c>response_url</c>, so those
    /// categories log warnings only.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> LoggingDefaults = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
    };

    public static WebApplicationBuilder UseSafeLoggingDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LoggingDefaults });
        return builder;
    }

    /// <summary>False, after one line on stderr, when a setting of <paramref name="sections"/> is invalid.</summary>
    public static bool SettingsAreValid(this WebApplicationBuilder builder, params SettingsSection[] sections)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (SettingsCheck.Problem(builder.Configuration, sections) is not { } problem)
        {
            return true;
        }

        Console.Error.WriteLine(problem);
        return false;
    }

    /// <summary>Runs the start-up validation (the rules across settings) now, before endpoints read options; false after one line on stderr.</summary>
    public static bool OptionsAreValid(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("Invalid settings: " + string.Join(" ", ex.Failures).ReplaceLineEndings(" "));
            return false;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("Invalid setting: " + ex.Message.ReplaceLineEndings(" "));
            return false;
        }

        return true;
    }
}
