using Momentum.Engine;

namespace Momentum.Bot.Store;

/// <summary>
/// A week's activity as stored: records sorted by actor, each <c>varint(actorDelta·16 + mask)</c> followed by a varint
/// for each count present in the mask (bit 0 commits, 1 PRs opened, 2 PRs merged, 3 issues opened). Unsigned LEB128.
/// </summary>
internal static class WeekBlob
{
    public static void Decode(ReadOnlySpan<byte> blob, Week week, int actorCount, List<ActivityCell> cells)
    {
        var pos = 0;
        var actor = 0;
        Span<int> counts = stackalloc int[4];
        while (pos < blob.Length)
        {
            var head = Varint(blob, ref pos);
            actor += head >> 4;
            for (var f = 0; f < 4; f++)
            {
                counts[f] = (head & (1 << f)) != 0 ? Varint(blob, ref pos) : 0;
            }

            if (actor < actorCount)
            {
                cells.Add(new ActivityCell(week, actor, new ActivityCounts(counts[0], counts[1], counts[2], counts[3])));
            }
        }
    }

    private static int Varint(ReadOnlySpan<byte> blob, ref int pos)
    {
        int value = 0, shift = 0;
        byte b;
        do
        {
            b = blob[pos++];
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        while (b >= 0x80);
        return value;
    }
}
