using AetherLearn.Core.Notifications;

namespace AetherLearn.Tests.Notifications;

public sealed class QuietHoursTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTime Utc(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    [Fact]
    public void An_overnight_period_holds_until_the_morning_in_the_centres_zone()
    {
        var from = new TimeOnly(21, 0);
        var to = new TimeOnly(7, 0);
        // 22:30 in London in winter (UTC): held until 07:00 the next morning.
        Assert.Equal(Utc(2026, 12, 3, 7, 0), QuietHours.EndsAt(Utc(2026, 12, 2, 22, 30), London, from, to));
        // 05:00 is still quiet: until 07:00 the same day.
        Assert.Equal(Utc(2026, 12, 3, 7, 0), QuietHours.EndsAt(Utc(2026, 12, 3, 5, 0), London, from, to));
        // New York is five hours behind: 02:00 UTC is 21:00 there, quiet until 07:00 local = 12:00 UTC.
        Assert.Equal(Utc(2026, 12, 3, 12, 0), QuietHours.EndsAt(Utc(2026, 12, 3, 2, 0), NewYork, from, to));
        Assert.Null(QuietHours.EndsAt(Utc(2026, 12, 2, 12, 0), London, from, to));
        Assert.Null(QuietHours.EndsAt(Utc(2026, 12, 2, 7, 0), London, from, to));
    }

    [Fact]
    public void A_daytime_period_and_no_period()
    {
        Assert.Equal(Utc(2026, 12, 2, 13, 0), QuietHours.EndsAt(Utc(2026, 12, 2, 12, 15), London, new TimeOnly(12, 0), new TimeOnly(13, 0)));
        Assert.Null(QuietHours.EndsAt(Utc(2026, 12, 2, 13, 0), London, new TimeOnly(12, 0), new TimeOnly(13, 0)));
        Assert.Null(QuietHours.EndsAt(Utc(2026, 12, 2, 12, 15), London, null, null));
    }

    [Fact]
    public void An_end_in_the_spring_forward_gap_moves_to_the_first_real_minute()
    {
        // 29 March 2026: London clocks jump from 01:00 to 02:00. Quiet 00:00–01:30 ends at 02:00 BST = 01:00 UTC.
        Assert.Equal(Utc(2026, 3, 29, 1, 0), QuietHours.EndsAt(Utc(2026, 3, 29, 0, 30), London, new TimeOnly(0, 0), new TimeOnly(1, 30)));
    }
}
