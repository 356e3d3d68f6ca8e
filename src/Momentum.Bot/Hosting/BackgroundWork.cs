using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Hosting;

/// <summary>
/// Work that outlives the request that started it (a delayed Slack answer, a Teams reply). Nothing waits in a queue or
/// holds a worker: each piece runs as its own task. Callers ask <see cref="HasRoom"/> before taking on more than
/// <see cref="Capacity"/> pieces (and answer "busy" when there is none). On shutdown new work is refused and running
/// work gets <c>Shutdown__DrainTimeout</c> (within the host's own shutdown deadline) to finish; then it is cancelled.
/// </summary>
public sealed partial class BackgroundWork(IOptions<ShutdownOptions> options, ILogger<BackgroundWork> logger) : IHostedService, IDisposable
{
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _next;
    private int _count;
    private int _stopCalls;
    private volatile bool _stopped;

    /// <summary>Cancelled when the host's shutdown deadline passes: work should end then.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Whether one more piece of work would be accepted now.</summary>
    public bool HasRoom => !_stopped && Volatile.Read(ref _count) < Capacity;

    /// <summary>Starts the work unless the host is stopping; a failure is logged, never thrown.</summary>
    public bool TryStart(string name, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_stopped)
        {
            Refused(logger, name);
            return false;
        }

        var id = Interlocked.Increment(ref _next);
        Interlocked.Increment(ref _count);
        var task = RunAsync(name, work);
        _running[id] = task;
        _ = task.ContinueWith(
            _ =>
            {
                _running.TryRemove(id, out Task? _);
                Interlocked.Decrement(ref _count);
            },
            TaskScheduler.Default);
        return true;
    }

    private async Task RunAsync(string name, Func<CancellationToken, Task> work)
    {
        await Task.Yield();
        try
        {
            await work(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            Abandoned(logger, name);
        }
#pragma warning disable CA1031 // A failing piece of work is logged with its name; it must not take anything else down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failed(logger, name, ex);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Refuses new work and waits for running work until the drain timeout or <paramref name="cancellationToken"/> (the host's deadline), then cancels it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        if (Interlocked.Exchange(ref _stopCalls, 1) == 1)
        {
            return;
        }

        try
        {
            await Task.WhenAll(_running.Values).WaitAsync(options.Value.DrainTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The drain timeout passed: what is still running is told to stop.
        }
        catch (OperationCanceledException)
        {
            // The deadline passed: what is still running is told to stop.
        }
        finally
        {
            try
            {
                await _stopping.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The container was disposed before the host stopped: nothing is running any more.
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(1, LogLevel.Error, "Background work {Name} failed")]
    private static partial void Failed(ILogger logger, string name, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Background work {Name} refused: the host is stopping")]
    private static partial void Refused(ILogger logger, string name);

    [LoggerMessage(3, LogLevel.Warning, "Background work {Name} was cancelled at shutdown")]
    private static partial void Abandoned(ILogger logger, string name);
}
