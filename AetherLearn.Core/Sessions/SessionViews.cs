using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

/// <summary>Builds the session views both services return (names, course titles, local times).</summary>
internal sealed class SessionViews(ICurrentUser currentUser, ICentreService centres, IPeopleDirectory people, IExerciseCatalog catalog)
{
    public Task<TimeZoneInfo> ZoneAsync(CancellationToken ct) => centres.TimeZoneOfAsync(currentUser.CentreId, ct);

    public async Task<IReadOnlyList<SessionListItem>> ListItemsAsync(ISessionsDb db, IReadOnlyList<TutoringSession> sessions, CancellationToken ct)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        var counts = await db.Enrolments.Where(e => ids.Contains(e.SessionId) && e.RemovedAt == null)
            .GroupBy(e => e.SessionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var tutors = await people.FindAsync(sessions.Select(s => s.TutorId), ct);
        var courses = await catalog.CourseTitlesAsync(sessions.Where(s => s.CourseId is not null).Select(s => s.CourseId!.Value), ct);
        var zone = await ZoneAsync(ct);
        return sessions.Select(s => new SessionListItem(s.Id, s.Title, s.CourseId, s.CourseId is { } c ? courses.GetValueOrDefault(c) : null, s.Room,
            s.TutorId, tutors.GetValueOrDefault(s.TutorId)?.Name ?? "", s.StartsAt, s.EndsAt, Local(s.StartsAt, zone), Local(s.EndsAt, zone),
            s.Capacity, counts.GetValueOrDefault(s.Id), s.Status, s.SeriesId, s.CancelReason)).ToList();
    }

    public async Task<SessionListItem> ListItemAsync(ISessionsDb db, TutoringSession session, CancellationToken ct) =>
        (await ListItemsAsync(db, [session], ct))[0];

    public async Task<IReadOnlyList<EnrolmentView>> EnrolmentViewsAsync(IReadOnlyList<Enrolment> enrolments, IReadOnlyDictionary<Guid, StudentActivity>? activity, CancellationToken ct)
    {
        var names = await people.FindAsync(enrolments.Select(e => e.StudentId), ct);
        return enrolments.Select(e => new EnrolmentView(e.Id, e.StudentId, names.GetValueOrDefault(e.StudentId)?.Name ?? "", e.Attendance, e.AttendanceMarkedAt,
            e.EnrolledAt, activity?.GetValueOrDefault(e.StudentId))).OrderBy(e => e.StudentName).ToList();
    }

    public static string Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("yyyy-MM-dd HH:mm");

    public static async Task<TutoringSession> FindAsync(ISessionsDb db, Guid id, CancellationToken ct) =>
        await db.TutoringSessions.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundException("Session");
}
