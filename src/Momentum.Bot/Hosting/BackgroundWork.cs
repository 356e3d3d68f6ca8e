using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Momentum.Bot.Hosting;

/// <summary>
/// Work that outlives the request that started it (a delayed Slack answer, a Teams reply). Nothing waits in a queue or
/// holds a worker: each piece runs as its own task, and a piece waiting (for its channel's pacing slot, for GitHub)
/// holds no thread, so one busy channel never delays another. Fair across workspaces: the host takes on at most
/// <c>Work__Capacity</c> pieces in all and <c>Work__PerWorkspace</c> for any one workspace, so one busy workspace
/// cannot take every other workspace's room. Callers ask <see cref="HasRoomFor"/> first (and answer "busy" when there
/// is none). On shutdown new work is refused and running work gets <c>Shutdown__DrainTimeout</c> (within the host's own
/// shutdown deadline) to finish; then it is cancelled.
/// </summary>
public sealed partial class BackgroundWork(IOptions<ShutdownOptions> options, IOptions<BackgroundWorkOptions> limits, IHostApplicationLifetime lifetime, ILogger<BackgroundWork> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly ConcurrentDictionary<string, int> _perWorkspace = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _next;
    private int _count;
    private int _stopCalls;
    private volatile bool _stopped;

    /// <summary>Cancelled when the host's shutdown deadline passes: work should end then.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Whether one more piece of work would be accepted now (ignoring per-workspace limits).</summary>
    public bool HasRoom => !_stopped && Volatile.Read(ref _count) < limits.Value.Capacity;

    /// <summary>Whether one more piece of work for this workspace would be accepted now.</summary>
    public bool HasRoomFor(string workspace) =>
        HasRoom && (!_perWorkspace.TryGetValue(workspace, out var taken) || taken < limits.Value.PerWorkspace);

    /// <summary>Starts work that belongs to no workspace (counted against the host's capacity only).</summary>
    public bool TryStart(string name, Func<CancellationToken, Task> work) => TryStart(name, workspace: null, work);

    /// <summary>
    /// Starts the work unless the host is stopping or has no room for it (in all, or for <paramref name="workspace"/>);
    /// a failure is logged, never thrown.
    /// </summary>
    public bool TryStart(string name, string? workspace, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_stopped)
        {
            Refused(logger, name);
            return false;
        }

        if (Interlocked.Increment(ref _count) > limits.Value.Capacity)
        {
            Interlocked.Decrement(ref _count);
            Full(logger, name, "the host");
            return false;
        }

        if (workspace is not null && _perWorkspace.AddOrUpdate(workspace, 1, (_, n) => n + 1) > limits.Value.PerWorkspace)
        {
            Leave(workspace);
            Interlocked.Decrement(ref _count);
            Full(logger, name, workspace);
            return false;
        }

        var id = Interlocked.Increment(ref _next);
        var task = RunAsync(name, work);
        _running[id] = task;
        _ = task.ContinueWith(
            _ =>
            {
                _running.TryRemove(id, out Task? _);
                if (workspace is not null)
                {
                    Leave(workspace);
                }

                Interlocked.Decrement(ref _count);
            },
            TaskScheduler.Default);
        return true;
    }

    private void Leave(string workspace)
    {
        if (_perWorkspace.AddOrUpdate(workspace, 0, (_, n) => n - 1) <= 0)
        {
            // Forget idle workspaces; a piece counted in meanwhile is kept (the removal only matches the value 0).
            _perWorkspace.TryRemove(new KeyValuePair<string, int>(workspace, 0));
        }
    }

    private async Task RunAsync(string name, Func<CancellationToken, Task> work)
    {
        await Task.Yield();
        try
        {
            await work(_stopping.Token);
        }
        // Work cancelled by the shutdown: a scan it waited on stopped at SIGTERM (ApplicationStopping), or the drain ended.
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested || _stopping.IsCancellationRequested)
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

        try
        {
            // Cancelled work still hands back what it holds (an answer's lease, so another replica keeps the promise at
            // once): it gets until the host's deadline, while the store is still connected.
            await Task.WhenAll(_running.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's deadline passed: the leases lapse on their own.
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(1, LogLevel.Error, "Background work {Name} failed")]
    private static partial void Failed(ILogger logger, string name, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Background work {Name} refused: the host is stopping")]
    private static partial void Refused(ILogger logger, string name);

    [LoggerMessage(3, LogLevel.Warning, "Background work {Name} was cancelled at shutdown")]
    private static partial void Abandoned(ILogger logger, string name);

    [LoggerMessage(4, LogLevel.Warning, "Background work {Name} refused: no room left for {Whom}")]
    private static partial void Full(ILogger logger, string name, string whom);
}
