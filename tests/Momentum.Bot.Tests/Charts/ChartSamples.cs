using Momentum.Bot.Reports;
using Momentum.Engine;
using SkiaSharp;

namespace Momentum.Bot.Tests.Charts;

/// <summary>Reports whose data puts each class in a known place on the card's chart.</summary>
internal static class ChartSamples
{
    public static readonly DateTimeOffset Now = new(2026, 3, 18, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// 60 complete weeks: the older half of the card's 52 has vendor staff only, the newer half end-user staff only;
    /// two unknown (gmail) people every week; <paramref name="spike"/> adds a burst of end-user organisations last week.
    /// </summary>
    public static ProjectReport SplitReport(string name = "splitproject", bool spike = false, int scale = 1)
    {
        var builder = new ActivityLedgerBuilder(Week.Of(Now).Plus(-61));
        for (var w = 60; w >= 1; w--)
        {
            var at = Week.Of(Now).Plus(-w).StartInstant.AddHours(30);
            for (var i = 0; i < 2; i++)
            {
                builder.Add(new ContributionEvent($"anon{i}", "gmail.com", false, ContributionKind.Commit, at));
            }

            var people = (4 + w % 3) * scale;
            for (var i = 0; i < people; i++)
            {
                builder.Add(w > 26
                    ? new ContributionEvent($"staff{i}", "isovalent.com", false, ContributionKind.Commit, at)
                    : new ContributionEvent($"user{i}", $"org{i % 3}.com", false, ContributionKind.Commit, at));
            }
        }

        if (spike)
        {
            for (var i = 0; i < 20; i++)
            {
                builder.Add(new ContributionEvent($"spiker{i}", $"company{i}.io", false, ContributionKind.Commit, Week.Of(Now).Plus(-1).StartInstant.AddHours(40)));
            }
        }

        var vendors = new[] { new Organization("Isovalent", ["isovalent.com"]) };
        var context = new ClassificationContext(new AffiliationResolver(vendors), new VendorSet(vendors));
        var report = MomentumCalculator.Compute(builder.Build(), context, Now);
        return new ProjectReport(name, ["acme/" + name], Now, null, vendors, VendorSource.Catalog, report, []);
    }

    public static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a PNG SkiaSharp can decode");

    /// <summary>The x positions of pixels within a small distance of <paramref name="hex"/>.</summary>
    public static List<int> ColumnsOf(SKBitmap bitmap, string hex)
    {
        var want = SKColor.Parse(hex);
        var xs = new List<int>();
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - want.Red) + Math.Abs(p.Green - want.Green) + Math.Abs(p.Blue - want.Blue) < 12)
                {
                    xs.Add(x);
                }
            }
        }

        return xs;
    }
}
