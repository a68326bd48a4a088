using AetherLearn.Core.Gamification.Rules;

namespace AetherLearn.Tests.Gamification;

public sealed class LeaderboardRulesTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid C = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid D = Guid.Parse("00000000-0000-0000-0000-00000000000d");
    private static readonly DateTime Noon = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void More_xp_ranks_higher_ties_go_to_who_got_there_first_then_by_id_and_ranks_are_never_shared()
    {
        var entries = new[]
        {
            new LeaderboardEntry(C, 120, Noon.AddHours(2)), new LeaderboardEntry(A, 120, Noon.AddHours(1)),
            new LeaderboardEntry(B, 200, Noon.AddHours(5)), new LeaderboardEntry(D, 120, Noon.AddHours(1)),
        };
        var ranked = LeaderboardRules.Rank(entries, new HashSet<Guid> { A, B, C, D });
        Assert.Equal([(1, B), (2, A), (3, D), (4, C)], ranked.Select(r => (r.Rank, r.StudentId)));
        // The same input in another order ranks the same.
        Assert.Equal(ranked, LeaderboardRules.Rank(entries.Reverse(), new HashSet<Guid> { A, B, C, D }));
    }

    [Fact]
    public void Only_students_who_opted_in_and_earned_something_appear()
    {
        var entries = new[] { new LeaderboardEntry(A, 50, Noon), new LeaderboardEntry(B, 80, Noon), new LeaderboardEntry(C, 0, Noon) };
        var ranked = LeaderboardRules.Rank(entries, new HashSet<Guid> { A, C });
        Assert.Equal([(1, A)], ranked.Select(r => (r.Rank, r.StudentId)));
    }

    [Fact]
    public void Weeks_start_on_monday_and_months_on_the_first_at_midnight_in_the_centres_zone()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var sydney = TimeZoneInfo.FindSystemTimeZoneById("Australia/Sydney");
        // Wednesday 25 November 2026, noon UTC.
        Assert.Equal(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodStart(LeaderboardPeriod.Week, Noon, london));
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodStart(LeaderboardPeriod.Month, Noon, london));
        Assert.Null(LeaderboardRules.PeriodStart(LeaderboardPeriod.AllTime, Noon, london));
        // Sunday 23:30 UTC is already Monday in Sydney (UTC+11): that week began a few hours ago.
        var sundayNight = new DateTime(2026, 11, 29, 23, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 11, 29, 13, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodStart(LeaderboardPeriod.Week, sundayNight, sydney));
        // In London it is still the week that began on the 23rd.
        Assert.Equal(new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodStart(LeaderboardPeriod.Week, sundayNight, london));
    }

    [Fact]
    public void A_period_ends_when_the_next_one_begins_in_the_centres_zone_across_a_clock_change()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        // Wednesday 25 November 2026: the week ends at Monday 30 November 00:00 (GMT), the month at 1 December.
        Assert.Equal(new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodEnd(LeaderboardPeriod.Week, Noon, london));
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodEnd(LeaderboardPeriod.Month, Noon, london));
        Assert.Null(LeaderboardRules.PeriodEnd(LeaderboardPeriod.AllTime, Noon, london));
        // March 2027 in London: the month began in GMT and ends in BST (1 April 00:00 BST is 31 March 23:00 UTC).
        var march = new DateTime(2027, 3, 15, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodStart(LeaderboardPeriod.Month, march, london));
        Assert.Equal(new DateTime(2027, 3, 31, 23, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodEnd(LeaderboardPeriod.Month, march, london));
        // Sunday 23:30 local is still the old week; a minute past Monday's midnight is the new one.
        var sunday = new DateTime(2026, 11, 29, 23, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodEnd(LeaderboardPeriod.Week, sunday, london));
        Assert.Equal(new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc), LeaderboardRules.PeriodEnd(LeaderboardPeriod.Week, sunday.AddMinutes(31), london));
    }
}
