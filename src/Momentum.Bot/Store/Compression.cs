using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Momentum.Bot.Store;

/// <summary>Brotli-compressed JSON: reports and cached GitHub pages are mostly repeated field names.</summary>
public static class Compression
{
    public static byte[] Write<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest))
        {
            JsonSerializer.Serialize(brotli, value, typeInfo);
        }

        return output.ToArray();
    }

    public static T? Read<T>(byte[] bytes, JsonTypeInfo<T> typeInfo)
    {
        using var input = new MemoryStream(bytes);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        return JsonSerializer.Deserialize(brotli, typeInfo);
    }
}
