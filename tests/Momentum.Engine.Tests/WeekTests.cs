namespace Momentum.Engine.Tests;

public sealed class WeekTests
{
    [Fact]
    public void AWeekStartsOnMondayAtMidnightUtc()
    {
        var monday = new DateTimeOffset(2026, 3, 16, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 3, 16), Week.Of(monday).Start);
        Assert.Equal(new DateOnly(2026, 3, 9), Week.Of(monday.AddTicks(-1)).Start);
    }

    [Fact]
    public void OffsetsAreConvertedToUtcBeforeBucketing()
    {
        // Monday 01:00 in UTC+2 is Sunday 23:00 UTC: the previous week.
        var local = new DateTimeOffset(2026, 3, 16, 1, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(new DateOnly(2026, 3, 9), Week.Of(local).Start);
    }

    [Fact]
    public void WeeksBeforeTheEpochFloorCorrectly()
    {
        var day = new DateTimeOffset(1969, 12, 31, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(1969, 12, 29), Week.Of(day).Start);
        Assert.Equal(Week.Of(day), Week.Of(new DateOnly(1969, 12, 31)));
    }

    [Fact]
    public void AnIsoWeekAndItsDateAgree()
    {
        for (var d = new DateOnly(2024, 12, 20); d < new DateOnly(2025, 1, 20); d = d.AddDays(1))
        {
            var week = Week.Of(d);
            Assert.Equal(DayOfWeek.Monday, week.Start.DayOfWeek);
            Assert.InRange(d.DayNumber - week.Start.DayNumber, 0, 6);
            Assert.Equal(System.Globalization.ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue)), System.Globalization.ISOWeek.GetWeekOfYear(week.Start.ToDateTime(TimeOnly.MinValue)));
        }
    }
}
