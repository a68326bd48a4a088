namespace AetherLearn.Core.Gamification.Rules;

public enum StreakType
{
    /// <summary>Lessons attended; only days with a scheduled lesson count or can break it.</summary>
    Attendance,
    /// <summary>Homework handed in; only a day when homework fell due and was not handed in on time breaks it.</summary>
    Homework,
    /// <summary>Exercises finished; every day counts.</summary>
    Practice,
}

/// <summary>
/// One student's streak of one type. <see cref="AliveThrough"/> is the last day the streak covers (with activity, or
/// with a freeze); <see cref="BrokenOn"/> and <see cref="LostCount"/> keep a break repairable for a while.
/// </summary>
public sealed record StreakState(int Current, int Best, DateOnly? AliveThrough, int FreezesHeld, DateOnly? BrokenOn, int LostCount, DateOnly? LastRepairOn)
{
    public static StreakState Empty { get; } = new(0, 0, null, 0, null, 0, null);
}

/// <summary>Something a streak change means for the student (events, messages).</summary>
public abstract record StreakChange;
public sealed record StreakMilestone(int Count) : StreakChange;
public sealed record StreakBroken(int Count, DateOnly MissedDay) : StreakChange;
public sealed record FreezeUsed(DateOnly Day) : StreakChange;
public sealed record FreezeEarned(int Held) : StreakChange;

public enum RepairRefusal
{
    NothingToRepair,
    WindowClosed,
    UsedRecently,
}

/// <summary>
/// The streak rules (docs/gamification.md), on days in the student's centre time zone. Pure: the caller says which
/// days needed activity (<c>needed</c>) and what day it is.
/// </summary>
public static class StreakRules
{
    public static readonly int[] Milestones = [7, 30, 100];
    public const int FreezeEvery = 7;
    public const int MaxFreezes = 2;
    public const int RepairWindowHours = 48;
    public const int RepairEveryDays = 30;

    /// <summary>The centre-local day an instant falls on: homework handed in at 23:30 local counts for that day.</summary>
    public static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>
    /// Activity on <paramref name="day"/>: first settles the days missed before it, then counts the day (once; an
    /// earlier or repeated day changes nothing, so a re-delivered event is harmless).
    /// </summary>
    public static (StreakState State, IReadOnlyList<StreakChange> Changes) RecordActivity(StreakState state, DateOnly day, Func<DateOnly, bool> needed)
    {
        var (s, changes) = SettleMissedDays(state, day.AddDays(-1), needed);
        if (s.AliveThrough is { } through && day <= through) { return (s, changes); }
        var list = changes.ToList();
        var current = s.Current + 1;
        var freezes = s.FreezesHeld;
        if (current % FreezeEvery == 0 && freezes < MaxFreezes) { list.Add(new FreezeEarned(++freezes)); }
        if (Milestones.Contains(current)) { list.Add(new StreakMilestone(current)); }
        return (s with { Current = current, Best = Math.Max(s.Best, current), AliveThrough = day, FreezesHeld = freezes }, list);
    }

    /// <summary>
    /// The daily check, through <paramref name="through"/> (yesterday): each needed day without activity uses a freeze,
    /// or breaks the streak (kept repairable); days nothing was needed are skipped.
    /// </summary>
    public static (StreakState State, IReadOnlyList<StreakChange> Changes) SettleMissedDays(StreakState state, DateOnly through, Func<DateOnly, bool> needed)
    {
        if (state.Current == 0 || state.AliveThrough is not { } alive || through <= alive) { return (state, []); }
        var changes = new List<StreakChange>();
        var s = state;
        for (var day = alive.AddDays(1); day <= through; day = day.AddDays(1))
        {
            if (!needed(day)) { continue; }
            if (s.FreezesHeld > 0)
            {
                s = s with { FreezesHeld = s.FreezesHeld - 1, AliveThrough = day };
                changes.Add(new FreezeUsed(day));
                continue;
            }
            changes.Add(new StreakBroken(s.Current, day));
            return (s with { Current = 0, BrokenOn = day, LostCount = s.Current, AliveThrough = day }, changes);
        }
        return (s, changes);
    }

    /// <summary>When a break on <paramref name="missedDay"/> stops being repairable: 48 hours after that day ended.</summary>
    public static DateTime RepairDeadline(DateOnly missedDay) => missedDay.AddDays(1).ToDateTime(TimeOnly.MinValue).AddHours(RepairWindowHours);

    /// <summary>
    /// One repair per 30 days, within 48 hours of the break: the lost count comes back (added to any new streak since),
    /// and the streak is alive through yesterday so today can still continue it.
    /// </summary>
    public static (StreakState? State, RepairRefusal? Refusal) Repair(StreakState state, DateTime localNow)
    {
        if (state.BrokenOn is not { } missed || state.LostCount == 0) { return (null, RepairRefusal.NothingToRepair); }
        if (localNow >= RepairDeadline(missed)) { return (null, RepairRefusal.WindowClosed); }
        var today = DateOnly.FromDateTime(localNow);
        if (state.LastRepairOn is { } last && today.DayNumber - last.DayNumber < RepairEveryDays) { return (null, RepairRefusal.UsedRecently); }
        var current = state.LostCount + state.Current;
        var yesterday = today.AddDays(-1);
        var alive = state.AliveThrough is { } a && a > yesterday ? a : yesterday;
        return (state with { Current = current, Best = Math.Max(state.Best, current), BrokenOn = null, LostCount = 0, LastRepairOn = today, AliveThrough = alive }, null);
    }
}
