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
}
