using System.Threading.Channels;

namespace Momentum.Bot.Hosting;

/// <summary>A unit of work that outlives the request that asked for it (a delayed Slack answer, a Teams reply).</summary>
public sealed record BackgroundJob(string Name, Func<IServiceProvider, CancellationToken, Task> Run);

/// <summary>
/// The bounded queue chat adapters hand slow work to, so they can answer within the platform's window. A full queue
/// refuses new work (the adapter says "busy") rather than growing without bound.
/// </summary>
public sealed class BackgroundJobs(int capacity = 1000)
{
    private readonly Channel<BackgroundJob> _channel = Channel.CreateBounded<BackgroundJob>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
    });

    public bool TryEnqueue(string name, Func<IServiceProvider, CancellationToken, Task> run) =>
        _channel.Writer.TryWrite(new BackgroundJob(name, run));

    internal ChannelReader<BackgroundJob> Reader => _channel.Reader;
}

/// <summary>Runs queued jobs, a few at a time, each in its own scope; a failing job is logged and never stops the rest.</summary>
public sealed partial class BackgroundJobRunner(BackgroundJobs queue, IServiceScopeFactory scopes, ILogger<BackgroundJobRunner> logger) : BackgroundService
{
    private const int Workers = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await job.Run(scope.ServiceProvider, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A job's failure must not take the worker down; it is logged with its name.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    JobFailed(logger, job.Name, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Background job {Name} failed")]
    private static partial void JobFailed(ILogger logger, string name, Exception exception);
}
