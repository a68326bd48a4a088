namespace AetherLearn.Core.Common;

public static class Clock
{
    /// <summary>
    /// Now, to the microsecond: PostgreSQL keeps microseconds, so a value returned straight after saving is
    /// the same value a later read returns.
    /// </summary>
    public static DateTime UtcNowForStorage(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>
    /// A time from a request as UTC: one with an offset or "Z" is taken as written; one without is a wall-clock
    /// time in the centre's zone (what a person types). A wall-clock time that does not exist (the hour skipped
    /// when clocks go forward) moves forward by the gap.
    /// </summary>
    public static DateTime CentreTimeToUtc(DateTime value, TimeZoneInfo centreZone)
    {
        if (value.Kind != DateTimeKind.Unspecified) { return value.ToUniversalTime(); }
        if (centreZone.IsInvalidTime(value)) { value = value.AddHours(1); }
        return TimeZoneInfo.ConvertTimeToUtc(value, centreZone);
    }
}
