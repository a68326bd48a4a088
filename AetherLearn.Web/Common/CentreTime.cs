using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Security;

namespace AetherLearn.Web.Common;

/// <summary>
/// Shows times in the centre's own time zone (not the server's): a homework due at 18:00 on Friday in
/// New York reads Friday there, whatever zone the server runs in.
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
}
