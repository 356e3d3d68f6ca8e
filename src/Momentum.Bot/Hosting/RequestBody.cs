namespace Momentum.Bot.Hosting;

/// <summary>Reads a request body within a size limit, before anything parses it.</summary>
public static class RequestBody
{
    /// <summary>The whole body, or null when it is (or declares itself) larger than <paramref name="max"/> bytes.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > max)
        {
            return null;
        }

        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
