using ScottPlot;
using SkiaSharp;

namespace Momentum.Bot.Charts;

/// <summary>
/// Columns of stacked segments, drawn with one paint per colour. ScottPlot's <c>BarPlot</c> sets up each bar on its own
/// (about 40 µs a bar at 2×), which made the card's 52 weeks × classes most of its render time; a segment here is one
/// rectangle fill.
/// </summary>
internal sealed class StackedColumns : IPlottable
{
    private readonly List<(double X, double Bottom, double Top, Color Color)> _segments = [];

    /// <param name="width">A column's width in axis units (days, on a date axis).</param>
    public StackedColumns(double width) => Width = width;

    public double Width { get; }

    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new Axes();

    public IEnumerable<LegendItem> LegendItems => [];

    public void Add(double x, double bottom, double top, Color color) => _segments.Add((x, bottom, top, color));

    public AxisLimits GetAxisLimits() => _segments.Count == 0
        ? AxisLimits.NoLimits
        : new AxisLimits(
            _segments.Min(s => s.X) - Width / 2, _segments.Max(s => s.X) + Width / 2,
            Math.Min(0, _segments.Min(s => s.Bottom)), _segments.Max(s => s.Top));

    public void Render(RenderPack rp)
    {
        ArgumentNullException.ThrowIfNull(rp);
        using var paint = new SKPaint { Style = SKPaintStyle.Fill, IsAntialias = false };
        foreach (var group in _segments.GroupBy(s => s.Color))
        {
            paint.Color = group.Key.ToSKColor();
            foreach (var (x, bottom, top, _) in group)
            {
                var left = Axes.GetPixelX(x - Width / 2);
                var right = Axes.GetPixelX(x + Width / 2);
                var upper = Axes.GetPixelY(top);
                var lower = Axes.GetPixelY(bottom);
                rp.Canvas.DrawRect(new SKRect(left, upper, right, lower), paint);
            }
        }
    }
}
