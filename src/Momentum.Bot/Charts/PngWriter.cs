using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Momentum.Bot.Charts;

/// <summary>
/// An opaque chart raster as an 8-bit palette PNG. A chart is a few flat colours plus antialiasing shades, so one byte
/// per pixel carries it: a third of the data RGB needs, which deflate (.NET's zlib-ng, several times faster than the
/// classic zlib behind Skia's encoder) packs smaller and sooner. The palette is the 256 most used colours; a rarer
/// shade (only ever an antialiasing step) takes its nearest palette colour. Ties break by colour value, so the same
/// pixels always give the same bytes.
/// <para>
/// Most rows of a chart repeat the row above (columns, bands, empty panel), so a repeated row is neither counted pixel
/// by pixel nor indexed again: every row takes PNG's "up" filter, which makes a repeated row all zeros, and deflate's
/// run-length strategy packs runs of equal bytes, which is nearly all a filtered chart holds.
/// </para>
/// </summary>
internal static class PngWriter
{
    public const int PaletteSize = 256;

    private const byte FilterUp = 2;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(SKPixmap pixels, int zlibLevel = 6)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.ColorType is not (SKColorType.Rgb888x or SKColorType.Rgba8888) || pixels.AlphaType != SKAlphaType.Opaque)
        {
            throw new ArgumentException($"PngWriter takes opaque 4-byte RGB(x) pixels, not {pixels.ColorType}/{pixels.AlphaType}.", nameof(pixels));
        }

        int width = pixels.Width, height = pixels.Height;
        var rows = pixels.RowBytes / 4;
        // Each pixel as 0x00BBGGRR (little-endian RGBx with the unused byte cleared).
        var source = MemoryMarshal.Cast<byte, uint>(pixels.GetPixelSpan());
        var repeats = new bool[height];
        var (palette, index) = PaletteOf(source, width, height, rows, repeats);

        using var output = new MemoryStream(48 * 1024);
        output.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bits per palette index
        header[9] = 3; // colour type: palette
        WriteChunk(output, "IHDR"u8, header);

        var plte = new byte[palette.Length * 3];
        for (var i = 0; i < palette.Length; i++)
        {
            plte[i * 3] = (byte)palette[i];
            plte[i * 3 + 1] = (byte)(palette[i] >> 8);
            plte[i * 3 + 2] = (byte)(palette[i] >> 16);
        }

        WriteChunk(output, "PLTE"u8, plte);

        using var idat = new MemoryStream(48 * 1024);
        // The row's palette indices, the row above's, and the filtered line written (filter byte first).
        var current = ArrayPool<byte>.Shared.Rent(width);
        var above = ArrayPool<byte>.Shared.Rent(width);
        var line = ArrayPool<byte>.Shared.Rent(width + 1);
        try
        {
            above.AsSpan(0, width).Clear(); // "up" on the first row subtracts zeros
            var options = new ZLibCompressionOptions { CompressionLevel = zlibLevel, CompressionStrategy = ZLibCompressionStrategy.RunLengthEncoding };
            using (var zlib = new ZLibStream(idat, options, leaveOpen: true))
            {
                line[0] = FilterUp;
                for (var y = 0; y < height; y++)
                {
                    var filtered = line.AsSpan(1, width);
                    if (repeats[y])
                    {
                        filtered.Clear();
                    }
                    else
                    {
                        var row = source.Slice(y * rows, width);
                        var x = 0;
                        while (x < width)
                        {
                            var run = RunLength(row, x);
                            current.AsSpan(x, run).Fill(index[row[x] & 0x00FFFFFF]);
                            x += run;
                        }

                        Subtract(current.AsSpan(0, width), above.AsSpan(0, width), filtered);
                        (current, above) = (above, current);
                    }

                    zlib.Write(line, 0, width + 1);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(above);
            ArrayPool<byte>.Shared.Return(line);
        }

        WriteChunk(output, "IDAT"u8, idat.GetBuffer().AsSpan(0, (int)idat.Length));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>
    /// The palette (most used first) and every colour's place in it; <paramref name="repeats"/>[y] says row y has the
    /// same pixels as the row above.
    /// </summary>
    internal static (uint[] Palette, Dictionary<uint, byte> Index) PaletteOf(ReadOnlySpan<uint> source, int width, int height, int rows, Span<bool> repeats)
    {
        var counts = new Dictionary<uint, int>();
        // The runs of the last row that was not a repeat, counted once for it and each of its repeats.
        var runs = new List<(uint Colour, int Length)>();
        var times = 0;
        for (var y = 0; y < height; y++)
        {
            var row = source.Slice(y * rows, width);
            if (y > 0 && row.SequenceEqual(source.Slice((y - 1) * rows, width)))
            {
                repeats[y] = true;
                times++;
                continue;
            }

            Count(counts, runs, times);
            runs.Clear();
            times = 1;
            var x = 0;
            while (x < width)
            {
                // Runs of one colour are the norm: one look-up per run.
                var run = RunLength(row, x);
                runs.Add((row[x] & 0x00FFFFFF, run));
                x += run;
            }
        }

        Count(counts, runs, times);
        var ranked = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key).ToArray();
        var palette = ranked.Length <= PaletteSize ? ranked : ranked[..PaletteSize];
        var index = new Dictionary<uint, byte>(ranked.Length);
        for (var i = 0; i < ranked.Length; i++)
        {
            index[ranked[i]] = i < palette.Length ? (byte)i : Nearest(palette, ranked[i]);
        }

        return (palette, index);
    }

    private static void Count(Dictionary<uint, int> counts, List<(uint Colour, int Length)> runs, int times)
    {
        foreach (var (colour, length) in runs)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(counts, colour, out _) += length * times;
        }
    }

    /// <summary>PNG's "up" filter: each index minus the one above it, modulo 256 (vectorised).</summary>
    private static void Subtract(ReadOnlySpan<byte> current, ReadOnlySpan<byte> above, Span<byte> filtered)
    {
        var i = 0;
        for (; i <= current.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            (new Vector<byte>(current[i..]) - new Vector<byte>(above[i..])).CopyTo(filtered[i..]);
        }

        for (; i < current.Length; i++)
        {
            filtered[i] = (byte)(current[i] - above[i]);
        }
    }

    /// <summary>
    /// How many pixels from <paramref name="x"/> on have the same 4 bytes (a vectorised scan). Two pixels that differ
    /// only in the unused fourth byte end one run and start the next with the same colour, which costs a look-up, never
    /// a wrong index.
    /// </summary>
    private static int RunLength(ReadOnlySpan<uint> row, int x)
    {
        var rest = row[x..];
        var end = rest.IndexOfAnyExcept(rest[0]);
        return end < 0 ? rest.Length : end;
    }

    private static byte Nearest(uint[] palette, uint color)
    {
        var best = 0;
        var bestDistance = int.MaxValue;
        for (var i = 0; i < palette.Length; i++)
        {
            int dr = (int)(palette[i] & 0xFF) - (int)(color & 0xFF);
            int dg = (int)((palette[i] >> 8) & 0xFF) - (int)((color >> 8) & 0xFF);
            int db = (int)((palette[i] >> 16) & 0xFF) - (int)((color >> 16) & 0xFF);
            var distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return (byte)best;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        output.Write(word);
    }
}
