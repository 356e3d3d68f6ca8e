using Momentum.Bot.Adoption;
using Momentum.Bot.Affiliations;
using Momentum.Bot.Api;
using Momentum.Bot.Catalog;
using Momentum.Bot.Charts;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Playground;
using Momentum.Bot.Reports;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Slack;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;

if (HealthCheckCommand.IsRequested(args))
{
    return await HealthCheckCommand.RunAsync(args, Console.Error);
}

var builder = WebApplication.CreateBuilder(args).UseSafeLoggingDefaults();
if (!builder.SettingsAreValid(Settings.Sections, StoreSetup.ConnectionStringProblem))
{
    return 1;
}

builder.AddDemo(args);
builder.Services
    .AddHosting()
    .AddTelemetry(builder.Configuration)
    .AddChat()
    .AddCatalog()
    .AddStore(builder.Configuration)
    .AddGitHub()
    .AddAffiliations()
    .AddReports()
    .AddAdoption()
    .AddCharts()
    .AddCommands()
    .AddScheduling(builder.Configuration)
    .AddSlack(builder.Configuration)
    .AddTeams(builder.Configuration)
    .AddPlayground()
    .AddApi();

var app = builder.Build();
if (!app.OptionsAreValid())
{
    return 1;
}

app.UseExceptionHandler();
app.UseShutdownGate();
app.UseStatusCodePages();
app.MapHealth();
app.MapTelemetry();
app.MapApi();
app.MapCharts();
app.MapSlack();
app.MapTeams();
app.MapPlayground();
app.Run();
return 0;

public partial class Program
{
    /// <summary>Every options class the host binds, by section: all are checked before anything is built from them.</summary>
    internal static class Settings
    {
        public static readonly SettingsSection[] Sections =
        [
            SettingsSection.Of<ShutdownOptions>("Shutdown"),
            SettingsSection.Of<TelemetryOptions>("Telemetry"),
            SettingsSection.Of<RedisOptions>("Redis"),
            SettingsSection.Of<GarnetOptions>("Garnet"),
            SettingsSection.Of<GitHubOptions>("GitHub"),
            SettingsSection.Of<AffiliationsOptions>("Affiliations"),
            SettingsSection.Of<MomentumOptions>("Momentum"),
            SettingsSection.Of<CatalogOptions>("Momentum"),
            SettingsSection.Of<SchedulingOptions>("Scheduling"),
            SettingsSection.Of<SlackOptions>("Slack"),
            SettingsSection.Of<TeamsOptions>("Teams"),
            SettingsSection.Of<PlaygroundOptions>("Playground"),
            SettingsSection.Of<ApiOptions>("Api"),
            SettingsSection.Of<ChartsOptions>("Charts"),
            SettingsSection.Of<PublicAddressOptions>("Momentum"),
            SettingsSection.Of<BackgroundWorkOptions>("Work"),
            SettingsSection.Of<PendingAnswerOptions>("Answers"),
            SettingsSection.Of<Momentum.Bot.Reports.Discovery.DiscoveryOptions>("Discover"),
            SettingsSection.Of<AdoptionOptions>("Adoption"),
            .. AdoptionSetup.SourceNames.Select(name => SettingsSection.Of<AdoptionSourceOptions>($"Adoption:{name}")),
        ];
    }
}
