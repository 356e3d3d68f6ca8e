using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Momentum.Bot.Chat;
using Momentum.Bot.Commands;
using Momentum.Bot.Reports;
using Momentum.Bot.Slack;

namespace Momentum.Bot.Playground;

public sealed record PlaygroundRequest(string? Text, string? Action, string? Value);

/// <summary>The rendered reply, and the exact Block Kit message Slack would get for it.</summary>
public sealed record PlaygroundAnswer(string Summary, string Html, string BlockKit);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PlaygroundRequest))]
[JsonSerializable(typeof(PlaygroundAnswer))]
public sealed partial class PlaygroundJsonContext : JsonSerializerContext;

/// <summary>
/// <c>GET /</c>: a page where you type what you would type in Slack and see the card, with a toggle for the Block Kit
/// JSON Slack would receive. It runs the same command path as Slack, in its own "playground" workspace.
/// </summary>
public static class PlaygroundEndpoints
{
    // The one workspace id without a platform prefix (WorkspaceIds.Playground in the store).
    public const string Workspace = "playground";

    /// <summary>The playground's one channel: where its subscriptions' alerts and summaries go.</summary>
    public const string Channel = "playground";

    // Shown to people: indented, and without escaping characters that are safe inside a <pre> the page fills as text.
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IServiceCollection AddPlayground(this IServiceCollection services)
    {
        services.AddOptions<PlaygroundOptions>().BindConfiguration("Playground");
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Add(PlaygroundJsonContext.Default);
            o.SerializerOptions.TypeInfoResolverChain.Add(FeedJsonContext.Default);
        });
        services.AddSingleton<PlaygroundFeed>();
        services.AddSingleton<IChatPoster>(sp => sp.GetRequiredService<PlaygroundFeed>());
        return services;
    }

    public static IEndpointRouteBuilder MapPlayground(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<PlaygroundOptions>>().Value.Enabled)
        {
            return app;
        }

        app.MapGet("/", (IOptions<MomentumOptions> options) => TypedResults.Content(PlaygroundPage.Html(options.Value.Demo), "text/html; charset=utf-8"));
        // The alerts and weekly summaries the playground channel's subscriptions produced, newest first.
        app.MapGet("/playground/feed", async (PlaygroundFeed feed) => TypedResults.Ok(await feed.PostsAsync(Channel)));
        app.MapPost("/playground/run", async Task<Results<Ok<PlaygroundAnswer>, ProblemHttpResult>> (PlaygroundRequest? request, CommandDispatcher commands, CancellationToken cancellationToken) =>
        {
            Command? command = request switch
            {
                { Action: { Length: > 0 } action } => CardActions.ToCommand(action, request.Value ?? "")?.Command,
                { Text: not null } => CommandParser.Parse(request.Text),
                _ => null,
            };
            if (command is null)
            {
                return TypedResults.Problem("Send {\"text\": \"…\"} or {\"action\": \"…\", \"value\": \"…\"}.", statusCode: StatusCodes.Status400BadRequest);
            }

            var context = new CommandContext(Platform.Playground, Workspace, Channel, "playground-user");
            var reply = await commands.RunAsync(command, context, cancellationToken);
            return TypedResults.Ok(new PlaygroundAnswer(reply.Summary, HtmlRenderer.Render(reply), SlackMessages.Message(reply).ToJsonString(Readable)));
        });
        return app;
    }
}
