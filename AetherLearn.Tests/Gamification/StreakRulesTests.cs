using AetherLearn.Core.Gamification.Rules;

namespace AetherLearn.Tests.Gamification;

public sealed class StreakRulesTests
{
    private static readonly DateOnly Monday = new(2026, 11, 30);
    private static bool EveryDay(DateOnly _) => true;

    private static (StreakState State, List<StreakChange> Changes) Days(StreakState state, DateOnly first, int count, Func<DateOnly, bool>? needed = null)
    {
        var changes = new List<StreakChange>();
        for (var i = 0; i < count; i++)
        {
            (state, var happened) = StreakRules.RecordActivity(state, first.AddDays(i), needed ?? EveryDay);
            changes.AddRange(happened);
        }
        return (state, changes);
    }

    [Fact]
    public void Activity_counts_once_a_day_and_a_repeat_or_redelivery_changes_nothing()
    {
        var (s, _) = StreakRules.RecordActivity(StreakState.Empty, Monday, EveryDay);
        var (again, changes) = StreakRules.RecordActivity(s, Monday, EveryDay);
        Assert.Equal(1, again.Current);
        Assert.Empty(changes);
        var (earlier, _) = StreakRules.RecordActivity(StreakRules.RecordActivity(s, Monday.AddDays(1), EveryDay).State, Monday, EveryDay);
        Assert.Equal(2, earlier.Current);
    }

    [Fact]
    public void Homework_handed_in_at_half_past_eleven_at_night_counts_for_that_day_in_the_centres_zone()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        // 23:30 on a summer Monday in London is 22:30 UTC; in New York, 23:30 is 03:30 UTC on Tuesday.
        Assert.Equal(new DateOnly(2026, 6, 15), StreakRules.LocalDay(new DateTime(2026, 6, 15, 22, 30, 0, DateTimeKind.Utc), london));
        Assert.Equal(new DateOnly(2026, 6, 15), StreakRules.LocalDay(new DateTime(2026, 6, 16, 3, 30, 0, DateTimeKind.Utc), newYork));
        Assert.Equal(new DateOnly(2026, 6, 16), StreakRules.LocalDay(new DateTime(2026, 6, 16, 4, 0, 0, DateTimeKind.Utc), newYork));
    }

    [Fact]
    public void A_day_nothing_was_needed_neither_counts_nor_breaks_an_attendance_streak()
    {
        // Lessons on Mondays and Thursdays only.
        bool lessonDay(DateOnly d) => d.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Thursday;
        var (s, _) = StreakRules.RecordActivity(StreakState.Empty, Monday, lessonDay);
        (s, var changes) = StreakRules.RecordActivity(s, Monday.AddDays(3), lessonDay);
        Assert.Equal(2, s.Current);
        Assert.Empty(changes);
        // Missing the next Monday's lesson breaks it (no freezes yet).
        (s, changes) = StreakRules.SettleMissedDays(s, Monday.AddDays(7), lessonDay);
        Assert.Equal([new StreakBroken(2, Monday.AddDays(7))], changes);
        Assert.Equal((0, 2), (s.Current, s.Best));
    }

    [Fact]
    public void Seven_days_earn_a_freeze_at_most_two_are_held_and_milestones_are_told_at_7_30_and_100()
    {
        var (s, changes) = Days(StreakState.Empty, Monday, 100);
        Assert.Equal([7, 30, 100], changes.OfType<StreakMilestone>().Select(m => m.Count));
        Assert.Equal([1, 2], changes.OfType<FreezeEarned>().Select(f => f.Held));
        Assert.Equal((100, 100, 2), (s.Current, s.Best, s.FreezesHeld));
    }

    [Fact]
    public void A_missed_day_uses_a_freeze_automatically_and_the_streak_goes_on()
    {
        var (s, _) = Days(StreakState.Empty, Monday, 7);
        Assert.Equal(1, s.FreezesHeld);
        // Nothing on day 8; day 9 active: the freeze covers day 8.
        var (after, changes) = StreakRules.RecordActivity(s, Monday.AddDays(8), EveryDay);
        Assert.Equal([new FreezeUsed(Monday.AddDays(7))], changes);
        Assert.Equal((8, 0), (after.Current, after.FreezesHeld));
        // Two missed days with no freeze left: broken on the first.
        (after, changes) = StreakRules.SettleMissedDays(after, Monday.AddDays(10), EveryDay);
        Assert.Equal([new StreakBroken(8, Monday.AddDays(9))], changes);
    }

    [Fact]
    public void A_break_can_be_repaired_within_48_hours_once_in_30_days()
    {
        var (s, _) = Days(StreakState.Empty, Monday, 5);
        (s, _) = StreakRules.SettleMissedDays(s, Monday.AddDays(5), EveryDay);
        var missed = Monday.AddDays(5);
        Assert.Equal((0, 5, missed), (s.Current, s.LostCount, s.BrokenOn!.Value));

        // The day missed ends at midnight; 48 hours later the window closes.
        var deadline = missed.AddDays(3).ToDateTime(TimeOnly.MinValue);
        Assert.Equal(RepairRefusal.WindowClosed, StreakRules.Repair(s, deadline).Refusal);
        var (repaired, refusal) = StreakRules.Repair(s, deadline.AddMinutes(-1));
        Assert.Null(refusal);
        Assert.Equal((5, (DateOnly?)null, missed.AddDays(2)), (repaired!.Current, repaired.BrokenOn, repaired.LastRepairOn));
        // Alive through yesterday: today's activity continues it.
        Assert.Equal(6, StreakRules.RecordActivity(repaired, missed.AddDays(2), EveryDay).State.Current);

        // A second break within 30 days of the repair cannot be repaired.
        var (again, _) = StreakRules.SettleMissedDays(repaired, missed.AddDays(3), EveryDay);
        Assert.Equal(RepairRefusal.UsedRecently, StreakRules.Repair(again, missed.AddDays(3).ToDateTime(new TimeOnly(12, 0))).Refusal);
        Assert.Equal(RepairRefusal.NothingToRepair, StreakRules.Repair(StreakState.Empty, deadline).Refusal);
    }

    [Fact]
    public void A_repair_after_starting_again_adds_the_lost_days_to_the_new_ones()
    {
        var (s, _) = Days(StreakState.Empty, Monday, 4);
        (s, _) = StreakRules.SettleMissedDays(s, Monday.AddDays(4), EveryDay);
        (s, _) = StreakRules.RecordActivity(s, Monday.AddDays(5), EveryDay);
        var (repaired, _) = StreakRules.Repair(s, Monday.AddDays(5).ToDateTime(new TimeOnly(18, 0)));
        Assert.Equal((5, 5), (repaired!.Current, repaired.Best));
    }
}
