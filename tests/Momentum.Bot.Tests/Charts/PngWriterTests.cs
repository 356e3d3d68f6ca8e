using Momentum.Bot.Charts;
using SkiaSharp;

namespace Momentum.Bot.Tests.Charts;

public sealed class PngWriterTests
{
    [Fact]
    public void AnImageOfAtMost256ColoursDecodesToTheSamePixels()
    {
        using var source = Stripes(colours: 256, rare: 0);
        using var decoded = ChartSamples.Decode(Encode(source));
        Assert.Equal((source.Width, source.Height), (decoded.Width, decoded.Height));
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < source.Width; x++)
            {
                Assert.Equal(source.GetPixel(x, y), decoded.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void RareShadesBeyondThePaletteTakeTheirNearestColourAndCommonOnesStayExact()
    {
        // 256 common colours in wide stripes, then 40 shades one step off them, a pixel each (antialiasing's part).
        using var source = Stripes(colours: 256, rare: 40);
        using var decoded = ChartSamples.Decode(Encode(source));
        for (var x = 0; x < source.Width; x++)
        {
            var want = source.GetPixel(x, 0);
            var got = decoded.GetPixel(x, 0);
            if (x < 256 * 4)
            {
                Assert.Equal(want, got);
            }
            else
            {
                Assert.True(Math.Abs(want.Red - got.Red) + Math.Abs(want.Green - got.Green) + Math.Abs(want.Blue - got.Blue) <= 3, $"x={x}: {want} became {got}");
            }
        }
    }

    [Fact]
    public void TheSamePixelsGiveTheSameBytes()
    {
        using var a = Stripes(colours: 256, rare: 40);
        using var b = Stripes(colours: 256, rare: 40);
        Assert.Equal(Encode(a), Encode(b));
    }

    [Fact]
    public void PixelsThatDifferOnlyInTheUnusedByteAreOneColourAndRunsEndAtTheRowsEnd()
    {
        // Rows of one colour whose fourth byte alternates (Skia leaves it undefined for Rgb888x), and a row whose last
        // pixel starts a colour the next row continues: the scan for runs must stop at the row's end.
        using var bitmap = new SKBitmap(new SKImageInfo(64, 3, SKColorType.Rgb888x, SKAlphaType.Opaque));
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        var rowWords = bitmap.RowBytes / 4;
        const uint Teal = 0x00_80_80_00u; // R 0x00, G 0x80, B 0x80 as little-endian RGBx
        const uint Rust = 0x00_20_40_C0u;
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                var colour = y == 1 || (y == 0 && x == 63) ? Rust : Teal;
                words[y * rowWords + x] = colour | ((uint)(x % 2 == 0 ? 0xFF : 0x00) << 24);
            }
        }

        using var pixels = bitmap.PeekPixels();
        using var decoded = ChartSamples.Decode(PngWriter.Encode(pixels));
        var teal = new SKColor(0x00, 0x80, 0x80);
        var rust = new SKColor(0xC0, 0x40, 0x20);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 64; x++)
            {
                Assert.Equal(y == 1 || (y == 0 && x == 63) ? rust : teal, decoded.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void RowsRepeatingTheRowAboveDecodeExactlyAndCountTowardsThePalette()
    {
        // Rows A A B B B B A C: repeats after a change, a row seen before but not just above, and a colour (B's second)
        // that is common only through its repeats, so the palette must count every repeat to keep it exact.
        using var bitmap = new SKBitmap(new SKImageInfo(300, 8, SKColorType.Rgb888x, SKAlphaType.Opaque));
        var a = new[] { Common(1), Common(2) };
        var b = new[] { Common(3), Common(4) };
        var c = new[] { Common(5), Common(6) };
        var pattern = new[] { a, a, b, b, b, b, a, c };
        for (var y = 0; y < pattern.Length; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                bitmap.SetPixel(x, y, pattern[y][x < 100 ? 0 : 1]);
            }
        }

        using var decoded = ChartSamples.Decode(Encode(bitmap));
        for (var y = 0; y < pattern.Length; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                Assert.Equal(bitmap.GetPixel(x, y), decoded.GetPixel(x, y));
            }
        }

        using var pixels = bitmap.PeekPixels();
        var repeats = new bool[pattern.Length];
        var (palette, _) = PngWriter.PaletteOf(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(pixels.GetPixelSpan()), 300, 8, pixels.RowBytes / 4, repeats);
        Assert.Equal([false, true, false, true, true, true, false, false], repeats);
        // B's right-hand colour covers 4 rows × 200 pixels, more than any other (A's 3 rows, B's left 4 × 100).
        Assert.Equal((uint)b[1].Red | (uint)b[1].Green << 8 | (uint)b[1].Blue << 16, palette[0]);
    }

    [Fact]
    public void RefusesPixelsItCannotWrite()
    {
        using var bgra = new SKBitmap(new SKImageInfo(4, 4, SKColorType.Bgra8888, SKAlphaType.Premul));
        using var pixels = bgra.PeekPixels();
        Assert.Throws<ArgumentException>(() => PngWriter.Encode(pixels));
    }

    private static byte[] Encode(SKBitmap bitmap)
    {
        using var pixels = bitmap.PeekPixels();
        return PngWriter.Encode(pixels);
    }

    private static SKBitmap Stripes(int colours, int rare)
    {
        var bitmap = new SKBitmap(new SKImageInfo(colours * 4 + rare, 8, SKColorType.Rgb888x, SKAlphaType.Opaque));
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var i = 0; i < colours; i++)
            {
                for (var k = 0; k < 4; k++)
                {
                    bitmap.SetPixel(i * 4 + k, y, Common(i));
                }
            }

            for (var r = 0; r < rare; r++)
            {
                var near = Common(r * 5);
                bitmap.SetPixel(colours * 4 + r, y, new SKColor((byte)Math.Min(255, near.Red + 1), near.Green, near.Blue));
            }
        }

        return bitmap;
    }

    private static SKColor Common(int i) => new((byte)(i * 37 % 256), (byte)(i * 91 % 256), (byte)(i * 13 % 256));
}
