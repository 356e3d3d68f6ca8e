using System.Reflection;
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

    /// <summary>
    /// In a container (the .NET images set <c>DOTNET_RUNNING_IN_CONTAINER=true</c>) logs are JSON lines on stdout with
    /// their scopes (trace id, platform, workspace, channel) by default; <c>Logging__Console__FormatterName=simple</c>
    /// brings back plain text.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> ContainerLoggingDefaults = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:Console:FormatterName"] = "json",
        ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffZ",
    };

    public static WebApplicationBuilder UseSafeLoggingDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var defaults = new Dictionary<string, string?>(LoggingDefaults, StringComparer.Ordinal);
        if (string.Equals(builder.Configuration["DOTNET_RUNNING_IN_CONTAINER"], "true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (key, value) in ContainerLoggingDefaults)
            {
                defaults[key] = value;
            }
        }

        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = defaults });
        return builder;
    }

    /// <summary>False, after one line on stderr, when a setting of <paramref name="sections"/> (or an <paramref name="other"/> check) is invalid.</summary>
    public static bool SettingsAreValid(this WebApplicationBuilder builder, IEnumerable<SettingsSection> sections, params Func<IConfiguration, string?>[] other)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(other);
        var problem = SettingsCheck.Problem(builder.Configuration, sections);
        foreach (var check in other)
        {
            problem ??= check(builder.Configuration);
        }

        if (problem is null)
        {
            return true;
        }

        if (!OwnProcess)
        {
            throw new OptionsValidationException("Settings", typeof(IConfiguration), [problem]);
        }

        Console.Error.WriteLine(problem);
        return false;
    }

    // The host is its own process (dotnet Momentum.Bot.dll): a bad setting ends it with one line. Hosted by another
    // program (WebApplicationFactory in tests), the exception goes to that program instead.
    private static bool OwnProcess => Assembly.GetEntryAssembly() == typeof(StartupChecks).Assembly;

    /// <summary>Runs the start-up validation (the rules across settings) now, before endpoints read options; false after one line on stderr.</summary>
    public static bool OptionsAreValid(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex) when (OwnProcess)
        {
            Console.Error.WriteLine("Invalid settings: " + string.Join(" ", ex.Failures).ReplaceLineEndings(" "));
            return false;
        }
        catch (InvalidOperationException ex) when (OwnProcess && ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("Invalid setting: " + ex.Message.ReplaceLineEndings(" "));
            return false;
        }

        return true;
    }
}
