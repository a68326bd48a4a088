namespace AetherLearn.Core.Sessions;

/// <summary>Pure scheduling rules: times in a centre's zone, overlaps, weekly series.</summary>
public static class ScheduleRules
{
    public const int MaxCapacity = 40;
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(6);

    /// <inheritdoc cref="Common.Clock.CentreTimeToUtc"/>
    public static DateTime ToUtc(DateTime value, TimeZoneInfo centreZone) => Common.Clock.CentreTimeToUtc(value, centreZone);

    /// <summary>The UTC instants where the centre's "today" starts and ends.</summary>
    public static (DateTime Start, DateTime End) LocalDay(DateTime utcNow, TimeZoneInfo centreZone)
    {
        var localDate = TimeZoneInfo.ConvertTimeFromUtc(utcNow, centreZone).Date;
        return (ToUtc(DateTime.SpecifyKind(localDate, DateTimeKind.Unspecified), centreZone),
                ToUtc(DateTime.SpecifyKind(localDate.AddDays(1), DateTimeKind.Unspecified), centreZone));
    }

    public static bool Overlaps(DateTime aStart, DateTime aEnd, DateTime bStart, DateTime bEnd) => aStart < bEnd && bStart < aEnd;

    /// <summary>
    /// The occurrences of a weekly series: the same local wall-clock time each week, so an 18:00 lesson stays
    /// at 18:00 across a daylight-saving change (its UTC time moves instead).
    /// </summary>
    public static IReadOnlyList<(DateTime Start, DateTime End)> Weekly(DateTime firstStartUtc, DateTime firstEndUtc, int weeks, TimeZoneInfo centreZone)
    {
        var localStart = TimeZoneInfo.ConvertTimeFromUtc(firstStartUtc, centreZone);
        var length = firstEndUtc - firstStartUtc;
        return Enumerable.Range(0, weeks).Select(week =>
        {
            var start = ToUtc(DateTime.SpecifyKind(localStart.AddDays(7 * week), DateTimeKind.Unspecified), centreZone);
            return (start, start + length);
        }).ToList();
    }

    public static string? ProblemWith(DateTime startUtc, DateTime endUtc, int capacity)
    {
        if (endUtc <= startUtc) { return "The session must end after it starts"; }
        if (endUtc - startUtc > MaxLength) { return "A session can last at most 6 hours"; }
        return capacity is < 1 or > MaxCapacity ? $"Capacity must be between 1 and {MaxCapacity}" : null;
    }
}
