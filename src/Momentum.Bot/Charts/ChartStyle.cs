using System.Buffers;
using System.Runtime.InteropServices;
using Momentum.Engine;
using ScottPlot;
using SkiaSharp;

namespace Momentum.Bot.Charts;

/// <summary>
/// How every chart looks: 800×300 at 2× pixel density on its own light neutral panel with dark text, so the picture
/// reads the same in a dark or a light chat theme, and one bundled font (DejaVu Sans) so it renders the same bytes on
/// every machine, bare containers included.
/// </summary>
internal static class ChartStyle
{
    public const int Width = 800;
    public const int Height = 300;
    public const int Density = 2;
    public const string FontName = "DejaVu Sans";

    public static readonly Color Background = Color.FromHex("#F4F4F0");
    public static readonly Color Ink = Color.FromHex("#222222");
    public static readonly Color Grid = Color.FromHex("#DADAD4");
    public static readonly Color Band = Color.FromHex("#DD8452").WithAlpha(0.22);
    public static readonly Color Alert = Color.FromHex("#C0392B");
    public static readonly Color Rising = Color.FromHex("#2E8B57");
    public static readonly Color Cooling = Color.FromHex("#B03A2E");

    // By class name, so a class the engine adds later gets its colour here or, failing that, one of the spare ones.
    private static readonly Dictionary<string, Color> ClassColors = new(StringComparer.Ordinal)
    {
        [nameof(ContributorClass.EndUser)] = Color.FromHex("#DD8452"),
        [nameof(ContributorClass.Vendor)] = Color.FromHex("#4C72B0"),
        [nameof(ContributorClass.Unknown)] = Color.FromHex("#9A9A9A"),
        [nameof(ContributorClass.Community)] = Color.FromHex("#55A868"),
        [nameof(ContributorClass.Individual)] = Color.FromHex("#8172B3"),
    };

    private static readonly Color[] Spare = [Color.FromHex("#937860"), Color.FromHex("#DA8BC3"), Color.FromHex("#8C8C3C"), Color.FromHex("#64B5CD")];

    /// <summary>Lines of compared projects, in order.</summary>
    public static readonly Color[] Lines =
    [
        Color.FromHex("#DD8452"), Color.FromHex("#4C72B0"), Color.FromHex("#55A868"), Color.FromHex("#8172B3"),
        Color.FromHex("#C44E52"), Color.FromHex("#937860"), Color.FromHex("#DA8BC3"), Color.FromHex("#64B5CD"),
    ];

    public static Color Of(ContributorClass c)
    {
        var name = c.ToString();
        return ClassColors.TryGetValue(name, out var color) ? color : Spare[(int)c % Spare.Length];
    }

    public static string Label(ContributorClass c) => c switch
    {
        ContributorClass.EndUser => "end-user",
        _ => c.ToString().ToLowerInvariant(),
    };

    private static readonly Lock FontLock = new();
    private static bool _fontLoaded;

    /// <summary>A plot with the house style: background, ink, grid and the bundled font.</summary>
    public static Plot NewPlot(string title)
    {
        EnsureFont();
        var plot = new Plot { ScaleFactor = Density };
        // The figure's opaque background paints every pixel, so the canvas is not cleared first and the data area (the
        // same colour) not painted again: each would be another pass over 3.8 MB.
        plot.FigureBackground.Color = Background;
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        plot.DataBackground.Color = Colors.Transparent;
        plot.Axes.Color(Ink);
        plot.Grid.MajorLineColor = Grid;
        plot.Font.Set(FontName);
        plot.Title(title, size: 13);
        plot.Axes.Title.Label.ForeColor = Ink;
        // Opaque: a translucent legend box took Skia's blending path and cost more than encoding the whole chart.
        plot.Legend.BackgroundColor = Background;
        plot.Legend.OutlineColor = Grid;
        plot.Legend.FontColor = Ink;
        plot.Legend.FontName = FontName;
        plot.Legend.FontSize = 10;
        plot.Legend.ShadowColor = Colors.Transparent;
        return plot;
    }

    /// <summary>
    /// The plot as a 1600×600 palette PNG (<see cref="PngWriter"/>): Skia's own encoder at level 9 with every filter
    /// took 7–12 times as long for about twice the bytes (tests/Momentum.Benchmarks, chart-encoding). The raster is a
    /// pooled buffer: a fresh one costs its allocation, zeroing and page faults on every chart, and the opaque
    /// background overwrites whatever the last chart left in it.
    /// </summary>
    public static byte[] Png(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var info = new SKImageInfo(Width * Density, Height * Density, SKColorType.Rgb888x, SKAlphaType.Opaque);
        var raster = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        var pinned = GCHandle.Alloc(raster, GCHandleType.Pinned);
        try
        {
            using var surface = SKSurface.Create(info, pinned.AddrOfPinnedObject(), info.RowBytes)
                ?? throw new InvalidOperationException("SkiaSharp could not make a raster surface.");
            plot.Render(surface.Canvas, info.Width, info.Height);
            surface.Flush();
            using var pixels = surface.PeekPixels();
            return PngWriter.Encode(pixels, zlibLevel: 6);
        }
        finally
        {
            pinned.Free();
            ArrayPool<byte>.Shared.Return(raster);
        }
    }

    /// <summary>Skia's own PNG encoder, kept for the benchmark that compares it.</summary>
    internal static byte[] Encode(SKImage image, SKPngEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var pixels = image.PeekPixels();
        using var png = pixels.Encode(options)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG.");
        return png.ToArray();
    }

    private static void EnsureFont()
    {
        lock (FontLock)
        {
            if (_fontLoaded)
            {
                return;
            }

            var path = Path.Combine(AppContext.BaseDirectory, "Charts", "Fonts", "DejaVuSans.ttf");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The chart font is missing from the build output: {path}", path);
            }

            Fonts.AddFontFile(FontName, path, bold: false, italic: false);
            Fonts.AddFontFile(FontName, path, bold: true, italic: false);
            Fonts.Default = FontName;
            _fontLoaded = true;
        }
    }
}
