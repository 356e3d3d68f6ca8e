using Microsoft.AspNetCore.Http.HttpResults;

namespace Momentum.Bot.Hosting;

/// <summary>A request body read within its size limit: the bytes, or the problem to answer with (413, or 400 for a broken body).</summary>
public readonly record struct BodyRead(ReadOnlyMemory<byte> Bytes, ProblemHttpResult? Problem);

/// <summary>Reads a request body within a size limit, before anything parses it.</summary>
public static class RequestBody
{
    /// <summary>
    /// The whole body; 413 when it is (or declares itself) larger than <paramref name="max"/> bytes, 400 when it ends
    /// before its declared length or its chunked framing is broken.
    /// </summary>
    public static async Task<BodyRead> ReadAtMostAsync(HttpRequest request, int max, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await ReadAsync(request, max, cancellationToken) is { } bytes
                ? new BodyRead(bytes, null)
                : new BodyRead(default, TypedResults.Problem($"{what} are at most {max} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge));
        }
        catch (Exception ex) when (ex is EndOfStreamException or BadHttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return new BodyRead(default, TypedResults.Problem("The request body is incomplete or its framing is broken.", statusCode: StatusCodes.Status400BadRequest));
        }
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            if (declared > max)
            {
                return null;
            }

            // The usual case: read exactly what was announced, into a buffer of that size.
            var exact = new byte[declared];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        var buffer = new MemoryStream(4096);
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
