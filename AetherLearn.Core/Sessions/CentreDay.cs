using AetherLearn.Core.Attempts;
using AetherLearn.Core.Centres;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

/// <summary>The homes' day (<see cref="ICentreDay"/>): one query per table for the day's sessions, the rest through the other modules' contracts.</summary>
internal sealed class CentreDay(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    SessionViews views,
    ICentreService centres,
    IHomeworkQueries homework,
    IAttemptQueries attempts,
    ISequencing sequencing,
    TimeProvider clock) : ICentreDay
{
    /// <summary>Overdue homework listed on the centre's day; the count beyond it still shows.</summary>
    private const int OverdueShown = 50;

    /// <summary>How far back a tutor's home looks for a student's latest score.</summary>
    private static readonly TimeSpan RecentWork = TimeSpan.FromDays(14);

    public async Task<CentreDayView> CentreAsync(CancellationToken ct = default)
    {
        if (!currentUser.IsInRole(Role.Assessor)) { throw new ForbiddenException(); }
        var day = await DayAsync(mine: null, ct);
        return day with { OverdueHomework = await homework.OverdueAsync(OverdueShown, ct) };
    }

    public async Task<CentreDayView> MineAsync(CancellationToken ct = default)
    {
        var me = LessonAccess.RequireTeacher(currentUser);
        var day = await DayAsync(me, ct);
        var studentIds = day.Sessions.SelectMany(s => s.Students).Select(s => s.StudentId).Distinct().ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var mastery = currentUser.CentreId is { } centre ? (await centres.FindConfigAsync(centre, ct))?.MasteryThresholdPercent ?? 80 : 80;
        var recent = studentIds.Count == 0 ? [] : await attempts.ForStudentsAsync(studentIds, now - RecentWork, ct);
        var lastScore = recent.Where(a => a.Status == AttemptStatus.Submitted && a.ScorePercent is not null)
            .GroupBy(a => a.StudentId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.SubmittedAt).Last().ScorePercent!.Value);
        var overdue = new List<HomeworkItem>();
        var overdueCount = new Dictionary<Guid, int>();
        foreach (var student in studentIds)
        {
            var mineOverdue = (await homework.OpenForAsync(student, ct)).Where(h => h.Status == HomeworkStatus.Overdue).ToList();
            overdue.AddRange(mineOverdue);
            overdueCount[student] = mineOverdue.Count;
        }
        var sessions = new List<DaySession>();
        foreach (var session in day.Sessions)
        {
            var students = new List<DayStudent>();
            foreach (var s in session.Students)
            {
                // What is next only where it can still be done today: not in a cancelled or finished lesson.
                var next = session.Session.CourseId is { } course && session.Session.Status is SessionStatus.Scheduled or SessionStatus.InProgress
                    ? await sequencing.NextAsync(s.StudentId, course, ct) : null;
                var score = lastScore.TryGetValue(s.StudentId, out var v) ? v : (int?)null;
                students.Add(s with { LastScore = score, LowScore = score < mastery, OverdueHomework = overdueCount.GetValueOrDefault(s.StudentId), Next = next });
            }
            sessions.Add(session with { Students = students });
        }
        return day with { Sessions = sessions, OverdueHomework = overdue.OrderBy(h => h.DueDate).ToList() };
    }

    public async Task<SessionListItem?> StudentNextAsync(CancellationToken ct = default)
    {
        if (currentUser.Role != Role.Student || currentUser.UserId is not { } me) { throw new ForbiddenException(); }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.Create<ISessionsDb>();
        var mine = db.Enrolments.Where(e => e.StudentId == me && e.RemovedAt == null).Select(e => e.SessionId);
        var next = await db.TutoringSessions.AsNoTracking()
            .Where(s => mine.Contains(s.Id) && s.EndsAt > now && (s.Status == SessionStatus.Scheduled || s.Status == SessionStatus.InProgress))
            .OrderBy(s => s.StartsAt).FirstOrDefaultAsync(ct);
        return next is null ? null : await views.ListItemAsync(db, next, ct);
    }

    /// <summary>Today's sessions (all of the centre's, or <paramref name="mine"/>'s), each with its register and raised hands.</summary>
    private async Task<CentreDayView> DayAsync(Guid? mine, CancellationToken ct)
    {
        var zone = await views.ZoneAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var (start, end) = ScheduleRules.LocalDay(now, zone);
        await using var db = dbFactory.Create<IHelpDb>();
        // The centre filter keeps every query to the reader's centre.
        var query = db.TutoringSessions.AsNoTracking().Where(s => s.StartsAt >= start && s.StartsAt < end);
        if (mine is { } tutor) { query = query.Where(s => s.TutorId == tutor); }
        var rows = await query.OrderBy(s => s.StartsAt).ThenBy(s => s.Title).ToListAsync(ct);
        var ids = rows.Select(s => s.Id).ToList();
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => ids.Contains(e.SessionId) && e.RemovedAt == null).ToListAsync(ct);
        var hands = await db.HelpRequests.AsNoTracking()
            .Where(h => ids.Contains(h.SessionId) && (h.Status == HelpRequestStatus.Open || h.Status == HelpRequestStatus.Acknowledged))
            .OrderBy(h => h.CreatedAt).ToListAsync(ct);
        var items = await views.ListItemsAsync(db, rows, ct);
        var people = await views.EnrolmentViewsAsync(enrolments, null, ct);
        var sessions = rows.Zip(items, (row, item) =>
        {
            var mineOnly = people.Where(p => enrolments.Any(e => e.Id == p.Id && e.SessionId == row.Id)).ToList();
            var students = mineOnly.Select(p =>
            {
                var hand = hands.FirstOrDefault(h => h.SessionId == row.Id && h.StudentId == p.StudentId);
                return new DayStudent(p.StudentId, p.StudentName, p.Attendance, hand is null ? null : ViewOf(hand, p.StudentName), null, false, 0, null);
            }).ToList();
            var attendance = new DayAttendance(students.Count, Count(students, AttendanceStatus.Attending), Count(students, AttendanceStatus.Late),
                Count(students, AttendanceStatus.Absent), Count(students, AttendanceStatus.Excused), students.Count(s => s.Attendance is null));
            var started = row.Status is SessionStatus.InProgress or SessionStatus.Completed || (row.Status == SessionStatus.Scheduled && row.EndsAt <= now);
            return new DaySession(item, attendance, students.Count(s => s.Hand is not null), started && attendance.Unmarked > 0, students);
        }).ToList();
        return new CentreDayView(TimeZoneInfo.ConvertTimeFromUtc(now, zone).Date, zone.Id, sessions, []);
    }

    private static int Count(IEnumerable<DayStudent> students, AttendanceStatus status) => students.Count(s => s.Attendance == status);

    private static HelpRequestView ViewOf(HelpRequest h, string studentName) =>
        new(h.Id, h.SessionId, h.StudentId, studentName, h.Message, h.Status, h.CreatedAt, h.AcknowledgedAt, h.ClosedAt);
}
