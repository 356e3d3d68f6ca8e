namespace Momentum.Engine;

/// <summary>An ISO week: Monday 00:00 UTC to the next Monday, numbered from the week of 1970-01-05.</summary>
public readonly record struct Week(int Index) : IComparable<Week>
{
    // 1970-01-05 was a Monday: DateOnly day number of it.
    private static readonly int EpochMondayDayNumber = new DateOnly(1970, 1, 5).DayNumber;
    private const long TicksPerWeek = TimeSpan.TicksPerDay * 7;
    private static readonly long EpochMondayTicks = new DateTime(1970, 1, 5, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public static Week Of(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - EpochMondayTicks;
        // Floor division so that instants before 1970 land in the right week too.
        var index = ticks >= 0 ? ticks / TicksPerWeek : ((ticks + 1) / TicksPerWeek) - 1;
        return new Week((int)index);
    }

    public static Week Of(DateOnly date) => new(FloorDiv(date.DayNumber - EpochMondayDayNumber, 7));

    public DateOnly Start => DateOnly.FromDayNumber(EpochMondayDayNumber + (Index * 7));

    public DateTimeOffset StartInstant => new(Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public DateTimeOffset EndInstant => StartInstant.AddDays(7);

    public Week Previous => new(Index - 1);

    public Week Next => new(Index + 1);

    public Week Plus(int weeks) => new(Index + weeks);

    public int CompareTo(Week other) => Index.CompareTo(other.Index);

    public static bool operator <(Week left, Week right) => left.Index < right.Index;

    public static bool operator >(Week left, Week right) => left.Index > right.Index;

    public static bool operator <=(Week left, Week right) => left.Index <= right.Index;

    public static bool operator >=(Week left, Week right) => left.Index >= right.Index;

    public override string ToString() => Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : ((a + 1) / b) - 1;
}
