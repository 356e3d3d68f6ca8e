using BenchmarkDotNet.Attributes;
using Momentum.Bot.Charts;
using SkiaSharp;

namespace Momentum.Benchmarks;

/// <summary>
/// Where a chart's time goes: drawing (the whole chart, as the product renders it) against PNG encoding alone, for
/// each PNG filter and zlib level tried, on the same pixels. Every encoding's size is printed at set-up.
/// <c>dotnet run -c Release --project tests/Momentum.Benchmarks -- chart-encoding --inProcess</c>
/// </summary>
[MemoryDiagnoser]
public class ChartEncodingBenchmarks
{
    // "skia-…": SkiaSharp's encoder (libpng, classic zlib) with its filter flags and zlib level; "palette-…": PngWriter
    // (256-colour palette, .NET's zlib-ng) at that zlib level, as ChartStyle encodes at 6.
    public static readonly Dictionary<string, Func<SKImage, byte[]>> Encoders = new(StringComparer.Ordinal)
    {
        ["skia-all-9"] = i => Skia(i, new(SKPngEncoderFilterFlags.AllFilters, 9)),
        ["skia-all-6"] = i => Skia(i, new(SKPngEncoderFilterFlags.AllFilters, 6)),
        ["skia-sub-6"] = i => Skia(i, new(SKPngEncoderFilterFlags.Sub, 6)),
        ["skia-up-6"] = i => Skia(i, new(SKPngEncoderFilterFlags.Up, 6)),
        ["skia-up-1"] = i => Skia(i, new(SKPngEncoderFilterFlags.Up, 1)),
        ["palette-1"] = i => Managed(i, 1),
        ["palette-6"] = i => Managed(i, 6),
        ["palette-9"] = i => Managed(i, 9),
    };

    private readonly ChartBenchmarks _charts = new();
    private SKImage _pixels = null!;

    [Params("card", "compare", "alert", "summary")]
    public string Kind { get; set; } = "card";

    [Params("skia-all-9", "palette-6")]
    public string Encoder { get; set; } = "skia-all-9";

    [GlobalSetup]
    public void Setup()
    {
        _charts.Setup();
        // The chart's pixels in the layout ChartStyle renders them (opaque RGBx).
        using var decoded = SKImage.FromEncodedData(Chart().Png);
        using var bitmap = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgb888x, SKAlphaType.Opaque));
        if (!decoded.ReadPixels(bitmap.PeekPixels()))
        {
            throw new InvalidOperationException("could not read the chart's pixels");
        }

        _pixels = SKImage.FromPixelCopy(bitmap.Info, bitmap.GetPixelSpan(), bitmap.RowBytes);
        foreach (var (name, options) in Encoders)
        {
            Console.WriteLine($"// {Kind} {name}: {options(_pixels).Length:N0} bytes");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _pixels.Dispose();

    [Benchmark(Description = "encode only")]
    public byte[] Encode() => Encoders[Encoder](_pixels);

    private static byte[] Skia(SKImage image, SKPngEncoderOptions options) => ChartStyle.Encode(image, options);

    private static byte[] Managed(SKImage image, int level)
    {
        using var pixels = image.PeekPixels();
        return PngWriter.Encode(pixels, level);
    }

    private Momentum.Bot.Chat.ReplyChart Chart() => Kind switch
    {
        "card" => _charts.Card(),
        "compare" => _charts.Compare(),
        "alert" => _charts.Alert(),
        _ => _charts.Summary(),
    };
}
