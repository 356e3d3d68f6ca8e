using Momentum.Bot.Api;
using Momentum.Bot.Catalog;
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

var builder = WebApplication.CreateBuilder(args);
builder.AddDemo(args);
builder.Services
    .AddHosting()
    .AddChat()
    .AddCatalog()
    .AddStore(builder.Configuration)
    .AddGitHub()
    .AddReports()
    .AddCommands()
    .AddScheduling(builder.Configuration)
    .AddSlack(builder.Configuration)
    .AddTeams(builder.Configuration)
    .AddPlayground()
    .AddApi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapApi();
app.MapSlack();
app.MapTeams();
app.MapPlayground();
app.Run();

public partial class Program;
