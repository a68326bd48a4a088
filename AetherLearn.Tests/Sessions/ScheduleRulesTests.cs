using AetherLearn.Core.Sessions;

namespace AetherLearn.Tests.Sessions;

public sealed class ScheduleRulesTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void A_wall_clock_time_is_read_in_the_centres_zone()
    {
        var summer = new DateTime(2026, 7, 1, 18, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(new DateTime(2026, 7, 1, 17, 0, 0, DateTimeKind.Utc), ScheduleRules.ToUtc(summer, London));
        Assert.Equal(new DateTime(2026, 7, 1, 22, 0, 0, DateTimeKind.Utc), ScheduleRules.ToUtc(summer, NewYork));
        var withOffset = new DateTime(2026, 7, 1, 18, 0, 0, DateTimeKind.Utc);
        Assert.Equal(withOffset, ScheduleRules.ToUtc(withOffset, NewYork));
    }

    [Fact]
    public void An_18_00_Northside_session_is_today_in_Northside_whatever_the_server_thinks()
    {
        // 23:30 UTC on 1 July is already 2 July in London (BST, UTC+1) but still 1 July in New York.
        var now = new DateTime(2026, 7, 1, 23, 30, 0, DateTimeKind.Utc);
        var (londonStart, londonEnd) = ScheduleRules.LocalDay(now, London);
        Assert.Equal(new DateTime(2026, 7, 1, 23, 0, 0, DateTimeKind.Utc), londonStart);
        Assert.Equal(new DateTime(2026, 7, 2, 23, 0, 0, DateTimeKind.Utc), londonEnd);
        var session = ScheduleRules.ToUtc(new DateTime(2026, 7, 2, 18, 0, 0), London);
        Assert.True(session >= londonStart && session < londonEnd);

        var (nyStart, _) = ScheduleRules.LocalDay(now, NewYork);
        Assert.Equal(new DateTime(2026, 7, 1, 4, 0, 0, DateTimeKind.Utc), nyStart);
    }

    [Fact]
    public void A_weekly_series_keeps_its_local_time_across_the_clock_change()
    {
        // London moves to GMT on 25 October 2026: 18:00 local is 17:00 UTC before and 18:00 UTC after.
        var first = ScheduleRules.ToUtc(new DateTime(2026, 10, 20, 18, 0, 0), London);
        var weeks = ScheduleRules.Weekly(first, first.AddHours(1), 3, London);
        Assert.Equal([17, 18, 18], weeks.Select(w => w.Start.Hour));
        Assert.All(weeks, w => Assert.Equal(TimeSpan.FromHours(1), w.End - w.Start));
        Assert.Equal([20, 27, 3], weeks.Select(w => w.Start.Day));
    }

    [Fact]
    public void A_time_in_the_skipped_spring_hour_moves_forward()
    {
        // 01:30 on 29 March 2026 does not exist in London (01:00 jumps to 02:00).
        var utc = ScheduleRules.ToUtc(new DateTime(2026, 3, 29, 1, 30, 0), London);
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), utc);
    }

    [Theory]
    [InlineData(0, 1, 1, null)]
    [InlineData(60, 1, 10, null)]
    [InlineData(60, 0, 10, "The session must end after it starts")]
    [InlineData(60, 7, 10, "A session can last at most 6 hours")]
    [InlineData(60, 1, 0, "Capacity must be between 1 and 40")]
    [InlineData(60, 1, 41, "Capacity must be between 1 and 40")]
    public void Length_and_capacity_rules(int startMinute, int hours, int capacity, string? problem)
    {
        var start = new DateTime(2026, 1, 5, 16, 0, 0, DateTimeKind.Utc).AddMinutes(startMinute);
        Assert.Equal(problem, ScheduleRules.ProblemWith(start, start.AddHours(hours), capacity));
    }

    [Fact]
    public void Back_to_back_sessions_do_not_overlap_but_intersecting_ones_do()
    {
        var t = new DateTime(2026, 1, 5, 16, 0, 0, DateTimeKind.Utc);
        Assert.False(ScheduleRules.Overlaps(t, t.AddHours(1), t.AddHours(1), t.AddHours(2)));
        Assert.True(ScheduleRules.Overlaps(t, t.AddHours(1), t.AddMinutes(59), t.AddHours(2)));
    }

    [Fact]
    public void A_session_outside_the_centres_opening_hours_is_named_with_the_hours_it_missed()
    {
        var hours = Core.Centres.CentreConfig.Default.OpeningHours;
        // Wednesday 2 December 2026: open 15:00–19:30.
        var wednesday = new DateTime(2026, 12, 2);
        Assert.Null(ScheduleRules.OutsideOpeningHours(wednesday.AddHours(15), wednesday.AddHours(19.5), hours));
        Assert.Equal("The centre is open 15:00–19:30 on Wednesdays; this session runs 22:00–23:00.",
            ScheduleRules.OutsideOpeningHours(wednesday.AddHours(22), wednesday.AddHours(23), hours));
        Assert.NotNull(ScheduleRules.OutsideOpeningHours(wednesday.AddHours(14.5), wednesday.AddHours(15.5), hours));
        Assert.NotNull(ScheduleRules.OutsideOpeningHours(wednesday.AddHours(19), wednesday.AddHours(20), hours));
        Assert.NotNull(ScheduleRules.OutsideOpeningHours(wednesday.AddHours(23), wednesday.AddHours(25), hours));
        Assert.Equal("The centre is closed on Sundays.", ScheduleRules.OutsideOpeningHours(wednesday.AddDays(4).AddHours(10), wednesday.AddDays(4).AddHours(11), hours));
        Assert.Null(ScheduleRules.OutsideOpeningHours(wednesday.AddHours(22), wednesday.AddHours(23), []));
    }
}
