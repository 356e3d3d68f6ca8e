using Momentum.Bot.Api;
using Momentum.Bot.Demo;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Playground;
using Momentum.Bot.Scheduling;
using Momentum.Bot.Slack;
using Momentum.Bot.Store;
using Momentum.Bot.Teams;

var builder = WebApplication.CreateBuilder(args);
builder.ApplyDemoFlag(args);
builder.Services.AddMomentumCore();
builder.Services.AddStore(builder.Configuration);
builder.Services.AddGitHub();
builder.Services.AddSlack(builder.Configuration);
builder.Services.AddTeams(builder.Configuration);
builder.Services.AddScheduling(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapProjectsApi();
app.MapOperatorApi();
app.MapSlack();
app.MapTeams();
app.MapPlayground();
app.Run();

public partial class Program;
