using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Events;
using AetherLearn.Core.Common.Paging;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Homework;
using AetherLearn.Core.Progression;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

/// <summary>Lessons as they run: today's and upcoming sessions, a session's detail and live dashboard, its start and end.</summary>
internal sealed class LessonService(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    SessionViews views,
    IAttemptQueries attempts,
    IExerciseCatalog catalog,
    ISequencing sequencing,
    IHomeworkQueries homework,
    IHelpRequests help,
    ILiveSessionSignals live,
    TimeProvider clock) : ILessonService
{
    public async Task<IReadOnlyList<SessionListItem>> TodayAsync(CancellationToken ct = default)
    {
        var me = RequireTeacher();
        var (start, end) = ScheduleRules.LocalDay(clock.GetUtcNow().UtcDateTime, await views.ZoneAsync(ct));
        await using var db = dbFactory.Create<ISessionsDb>();
        var sessions = await db.TutoringSessions.AsNoTracking()
            .Where(s => s.TutorId == me && s.StartsAt >= start && s.StartsAt < end).OrderBy(s => s.StartsAt).ToListAsync(ct);
        return await views.ListItemsAsync(db, sessions, ct);
    }

    public async Task<PagedResult<SessionListItem>> UpcomingAsync(PageRequest page, CancellationToken ct = default)
    {
        var me = RequireTeacher();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbFactory.Create<ISessionsDb>();
        // A tutor sees their own; supervisors and above plan the whole centre.
        var query = db.TutoringSessions.AsNoTracking().Where(s => s.EndsAt > now && s.Status != SessionStatus.Cancelled && s.Status != SessionStatus.Completed);
        if (!currentUser.IsInRole(Role.Supervisor)) { query = query.Where(s => s.TutorId == me); }
        var total = await query.CountAsync(ct);
        var sessions = await query.OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Skip(page.Offset).Take(page.SafeLimit).ToListAsync(ct);
        return PagedResult<SessionListItem>.Create(await views.ListItemsAsync(db, sessions, ct), page, total);
    }

    public async Task<SessionDetail> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, id, ct);
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.SessionId == id && e.RemovedAt == null).ToListAsync(ct);
        if (currentUser.Role == Role.Student)
        {
            // A student sees a session they are enrolled in, and only their own place in it.
            enrolments = enrolments.Where(e => e.StudentId == currentUser.UserId).ToList();
            if (enrolments.Count == 0) { throw new NotFoundException("Session"); }
            return await DetailAsync(db, session, enrolments, null, ct);
        }
        RequireTeacher();
        return await DetailAsync(db, session, enrolments, await ActivityAsync(session, enrolments, ct), ct);
    }

    public async Task<SessionDashboard> DashboardAsync(Guid id, CancellationToken ct = default)
    {
        RequireTeacher();
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, id, ct);
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.SessionId == id && e.RemovedAt == null).ToListAsync(ct);
        var sessionAttempts = await SessionWork.AttemptsAsync(attempts, session, enrolments, clock.GetUtcNow().UtcDateTime, ct);
        var activity = await ActivityAsync(enrolments, sessionAttempts, ct);
        var detail = await DetailAsync(db, session, enrolments, activity, ct);
        var students = new List<DashboardStudent>();
        foreach (var enrolment in detail.Enrollments)
        {
            var next = session.CourseId is { } course ? await sequencing.NextAsync(enrolment.StudentId, course, ct) : null;
            var open = (await homework.OpenForAsync(enrolment.StudentId, ct)).Count;
            students.Add(new DashboardStudent(enrolment, next, open, sessionAttempts.Where(a => a.StudentId == enrolment.StudentId).ToList()));
        }
        return new SessionDashboard(detail, students, Summarise(enrolments, activity), await help.QueueAsync(id, ct));
    }

    public async Task<SessionDetail> StartAsync(Guid id, CancellationToken ct = default)
    {
        RequireTeacher();
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, id, ct);
        if (session.Status is SessionStatus.Cancelled or SessionStatus.Completed) { throw new ConflictException($"This session is {session.Status.ToString().ToLowerInvariant()}"); }
        if (session.Status == SessionStatus.Scheduled)
        {
            session.Status = SessionStatus.InProgress;
            session.StartedAt = clock.GetUtcNow().UtcDateTime;
            session.Version++;
            var started = new SessionStarted(session.Id, session.TutorId, currentUser.UserId);
            db.Publish(started);
            try
            {
                await db.SaveChangesAsync(ct);
                await live.RaiseAsync(LiveSignal.Of(id, started, currentUser.UserId ?? Guid.Empty), ct);
            }
            catch (DbUpdateConcurrencyException) { /* a simultaneous start won; its event is the one */ }
        }
        return await GetAsync(id, ct);
    }

    public async Task<SessionDetail> EndAsync(Guid id, CancellationToken ct = default)
    {
        RequireTeacher();
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, id, ct);
        if (session.Status == SessionStatus.Cancelled) { throw new ConflictException("This session was cancelled"); }
        if (session.Status != SessionStatus.Completed)
        {
            var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.SessionId == id && e.RemovedAt == null).ToListAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            session.StartedAt ??= now;
            session.Status = SessionStatus.Completed;
            session.EndedAt = now;
            // Counted over the lesson as it actually ran (its real start and this end), the same rule as its dashboard.
            var summary = Summarise(enrolments, await ActivityAsync(session, enrolments, ct));
            session.Summary = summary;
            session.Version++;
            var ended = new SessionEnded(session.Id, summary);
            db.Publish(ended);
            try
            {
                await db.SaveChangesAsync(ct);
                await live.RaiseAsync(LiveSignal.Of(id, ended, currentUser.UserId ?? Guid.Empty), ct);
            }
            catch (DbUpdateConcurrencyException) { /* a simultaneous end won; its event is the one */ }
        }
        return await GetAsync(id, ct);
    }

    public async Task<IReadOnlyList<EnrolmentView>> EnrolmentsAsync(Guid sessionId, CancellationToken ct = default)
    {
        RequireTeacher();
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await SessionViews.FindAsync(db, sessionId, ct);
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.SessionId == sessionId && e.RemovedAt == null).ToListAsync(ct);
        return await views.EnrolmentViewsAsync(enrolments, await ActivityAsync(session, enrolments, ct), ct);
    }

    private Guid RequireTeacher() => LessonAccess.RequireTeacher(currentUser);

    private async Task<SessionDetail> DetailAsync(ISessionsDb db, TutoringSession session, IReadOnlyList<Enrolment> enrolments,
        IReadOnlyDictionary<Guid, StudentActivity>? activity, CancellationToken ct)
    {
        var zone = await views.ZoneAsync(ct);
        return new SessionDetail(await views.ListItemAsync(db, session, ct), zone.Id, await views.EnrolmentViewsAsync(enrolments, activity, ct),
            session.Summary, session.CancelReason);
    }

    /// <summary>What each enrolled student did in the session (<see cref="SessionWork"/>): current exercise, progress, finished work.</summary>
    private async Task<IReadOnlyDictionary<Guid, StudentActivity>> ActivityAsync(TutoringSession session, IReadOnlyList<Enrolment> enrolments, CancellationToken ct) =>
        await ActivityAsync(enrolments, await SessionWork.AttemptsAsync(attempts, session, enrolments, clock.GetUtcNow().UtcDateTime, ct), ct);

    private async Task<IReadOnlyDictionary<Guid, StudentActivity>> ActivityAsync(IReadOnlyList<Enrolment> enrolments, IReadOnlyList<AttemptSummary> window,
        CancellationToken ct)
    {
        if (enrolments.Count == 0) { return new Dictionary<Guid, StudentActivity>(); }
        var exercises = await catalog.FindManyAsync(window.Select(a => a.ExerciseId), ct);
        return enrolments.ToDictionary(e => e.StudentId, e =>
        {
            var mine = window.Where(a => a.StudentId == e.StudentId).ToList();
            var current = mine.LastOrDefault(a => a.Status == AttemptStatus.InProgress);
            var done = mine.Where(a => a.Status == AttemptStatus.Submitted).ToList();
            var exercise = current is not null ? exercises.GetValueOrDefault(current.ExerciseId) : null;
            var progress = current is not null && exercise is { Questions.Count: > 0 } ? current.AnsweredCount * 100 / exercise.Questions.Count : 0;
            return new StudentActivity(current?.ExerciseId, exercise?.Title, progress, done.Count,
                done.Count == 0 ? null : (int)Math.Round(done.Average(a => a.ScorePercent ?? 0)));
        });
    }

    internal static SessionSummary Summarise(IReadOnlyList<Enrolment> enrolments, IReadOnlyDictionary<Guid, StudentActivity> activity)
    {
        int Count(AttendanceStatus status) => enrolments.Count(e => e.Attendance == status);
        var completed = activity.Values.Sum(a => a.ExercisesCompleted);
        var scored = activity.Values.Where(a => a.AverageScore is not null).ToList();
        var average = scored.Count == 0 ? (int?)null
            : (int)Math.Round(scored.Sum(a => a.AverageScore!.Value * (double)a.ExercisesCompleted) / Math.Max(1, scored.Sum(a => a.ExercisesCompleted)));
        return new SessionSummary(enrolments.Count, Count(AttendanceStatus.Attending), Count(AttendanceStatus.Late), Count(AttendanceStatus.Absent),
            Count(AttendanceStatus.Excused), enrolments.Count(e => e.Attendance is null), completed, average);
    }
}

/// <summary>Who runs lessons: Teacher and above (the lesson, attendance and planning services alike).</summary>
internal static class LessonAccess
{
    public static Guid RequireTeacher(ICurrentUser currentUser) =>
        currentUser.IsInRole(Role.Teacher) && currentUser.UserId is { } id ? id : throw new ForbiddenException();
}
