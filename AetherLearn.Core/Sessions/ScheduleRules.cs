using System.Globalization;
using AetherLearn.Core.Centres;

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

    /// <summary>
    /// Why a session at these wall-clock times (the centre's zone) falls outside the centre's opening hours, in words
    /// for the person scheduling it, or null when it is inside them. A centre with no hours listed has no warning.
    /// </summary>
    public static string? OutsideOpeningHours(DateTime localStart, DateTime localEnd, IReadOnlyList<OpeningHours> hours)
    {
        if (hours.Count == 0) { return null; }
        var day = hours.FirstOrDefault(h => h.Day == localStart.DayOfWeek);
        var dayName = CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(localStart.DayOfWeek);
        if (day is null) { return $"The centre is closed on {dayName}s."; }
        if (!TimeOnly.TryParseExact(day.Opens, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
            || !TimeOnly.TryParseExact(day.Closes, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes))
        {
            return null;
        }
        var start = TimeOnly.FromDateTime(localStart);
        // A session running past midnight ends on another day: it is after closing whatever the hours.
        var endsLater = localEnd.Date > localStart.Date;
        var end = TimeOnly.FromDateTime(localEnd);
        return start < opens || endsLater || end > closes
            ? $"The centre is open {day.Opens}–{day.Closes} on {dayName}s; this session runs {start.ToString("HH:mm", CultureInfo.InvariantCulture)}–{end.ToString("HH:mm", CultureInfo.InvariantCulture)}."
            : null;
    }
}
