namespace AetherLearn.Core.Gamification.Rules;

public enum LeaderboardPeriod
{
    Week,
    Month,
    AllTime,
}

/// <summary>A student's XP in a period and when they reached that total (the tie-break).</summary>
public sealed record LeaderboardEntry(Guid StudentId, int Xp, DateTime ReachedAt);

public sealed record RankedEntry(int Rank, Guid StudentId, int Xp, DateTime ReachedAt);

/// <summary>Leaderboard rules (docs/gamification.md). Pure.</summary>
public static class LeaderboardRules
{
    /// <summary>When the period began (UTC), in the centre's time zone: weeks start on Monday at midnight; all time has no start.</summary>
    public static DateTime? PeriodStart(LeaderboardPeriod period, DateTime utcNow, TimeZoneInfo zone) =>
        period == LeaderboardPeriod.AllTime ? null : LocalMidnightToUtc(LocalStart(period, utcNow, zone), zone);

    /// <summary>When the period ends (UTC): the next Monday or 1st at midnight in the centre's zone; all time never ends.</summary>
    public static DateTime? PeriodEnd(LeaderboardPeriod period, DateTime utcNow, TimeZoneInfo zone)
    {
        if (period == LeaderboardPeriod.AllTime) { return null; }
        var start = LocalStart(period, utcNow, zone);
        return LocalMidnightToUtc(period == LeaderboardPeriod.Week ? start.AddDays(7) : start.AddMonths(1), zone);
    }

    private static DateTime LocalStart(LeaderboardPeriod period, DateTime utcNow, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone).Date;
        return period == LeaderboardPeriod.Week ? local.AddDays(-(((int)local.DayOfWeek + 6) % 7)) : new DateTime(local.Year, local.Month, 1);
    }

    private static DateTime LocalMidnightToUtc(DateTime localDate, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(localDate, DateTimeKind.Unspecified);
        // Midnight can fall in a spring-forward gap in some zones: the first valid minute after it.
        while (zone.IsInvalidTime(unspecified)) { unspecified = unspecified.AddMinutes(1); }
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    /// <summary>
    /// Ranks the students who opted in: more XP first; on equal XP whoever got there first; then by id, so the order
    /// never changes between reads. Ranks are positions (1, 2, 3…), never shared.
    /// </summary>
    public static IReadOnlyList<RankedEntry> Rank(IEnumerable<LeaderboardEntry> entries, IReadOnlySet<Guid> optedIn) =>
        entries.Where(e => optedIn.Contains(e.StudentId) && e.Xp > 0)
            .OrderByDescending(e => e.Xp).ThenBy(e => e.ReachedAt).ThenBy(e => e.StudentId)
            .Select((e, i) => new RankedEntry(i + 1, e.StudentId, e.Xp, e.ReachedAt)).ToList();
}
