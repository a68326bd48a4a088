using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;

namespace AetherLearn.Web.Common;

/// <summary>
/// Shows times in the centre's own time zone (not the server's): a homework due at 18:00 on Friday in
/// New York reads Friday there, whatever zone the server runs in. The words and the order of day, month and
/// hour are the reader's (<see cref="LocalText"/>: the browser's language, see README "Dates and times").
/// Call <see cref="ZoneAsync"/> once (in OnInitializedAsync) before the synchronous methods.
/// </summary>
public sealed class CentreTime(ICentreService centres, ICurrentUser currentUser, TimeProvider clock)
{
    private TimeZoneInfo? _zone;

    public async Task<TimeZoneInfo> ZoneAsync()
    {
        return _zone ??= await centres.TimeZoneOfAsync(currentUser.CentreId);
    }

    /// <summary>The zone once <see cref="ZoneAsync"/> has run (UTC before).</summary>
    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone ?? TimeZoneInfo.Utc);

    public async Task<DateTime> TodayAsync() => TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, await ZoneAsync()).Date;

    /// <summary>"3 Dec 2026" (en-GB), "Dec 3, 2026" (en-US).</summary>
    public string Date(DateTime utc) => LocalText.Date(Local(utc));

    /// <summary>"Thu 3 Dec" (en-GB), "Thu Dec 3" (en-US): a day of the next few weeks.</summary>
    public string Day(DateTime utc) => LocalText.Day(Local(utc));

    /// <summary>"15:30" (en-GB), "3:30 PM" (en-US).</summary>
    public string Time(DateTime utc) => LocalText.Time(Local(utc));

    /// <summary>"15:30:05" (en-GB), "3:30:05 PM" (en-US): when seconds matter (answers saved).</summary>
    public string TimeWithSeconds(DateTime utc) => LocalText.TimeWithSeconds(Local(utc));

    /// <summary>"3 Dec 2026 15:30" (en-GB), "Dec 3, 2026 3:30 PM" (en-US): a moment in the past (a sign-in, an audit entry).</summary>
    public string DateAndTime(DateTime utc) => LocalText.DateAndTime(Local(utc));

    /// <summary>"Thu 3 Dec 15:30" (en-GB), "Thu Dec 3 3:30 PM" (en-US): a moment in the coming weeks (a due date).</summary>
    public string DayAndTime(DateTime utc) => LocalText.DayAndTime(Local(utc));
}
