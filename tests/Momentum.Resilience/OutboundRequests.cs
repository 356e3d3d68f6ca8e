using System.Collections.Concurrent;
using System.Diagnostics;

namespace Momentum.Resilience;

/// <summary>
/// Every HTTP request this process sends, seen through the <c>System.Net.Http</c> activity source (the one
/// <c>HttpClient</c> reports to, whoever built it). The suite runs one test at a time, so what it sees is the host's.
/// </summary>
public sealed class OutboundRequests : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Uri> _seen = new();

    public OutboundRequests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (activity.GetTagItem("url.full") is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                {
                    _seen.Enqueue(uri);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyCollection<Uri> Seen => _seen;

    /// <summary>Requests to anything but <paramref name="allowed"/> (scheme, host and port).</summary>
    public IReadOnlyList<Uri> Outside(params Uri[] allowed) =>
        _seen.Where(u => !allowed.Any(a => a.Scheme == u.Scheme && string.Equals(a.Host, u.Host, StringComparison.OrdinalIgnoreCase) && a.Port == u.Port))
            .Distinct()
            .ToArray();

    public void Dispose() => _listener.Dispose();
}
