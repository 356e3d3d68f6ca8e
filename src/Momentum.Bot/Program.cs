using Momentum.Bot.Api;
using Momentum.Bot.GitHub;
using Momentum.Bot.Hosting;
using Momentum.Bot.Store;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMomentumCore();
builder.Services.AddStore(builder.Configuration);
builder.Services.AddGitHub();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapProjectsApi();
app.Run();

public partial class Program;
