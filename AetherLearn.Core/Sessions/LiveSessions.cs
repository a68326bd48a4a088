using AetherLearn.Core.Attempts;
using AetherLearn.Core.Common.Errors;
using AetherLearn.Core.Common.Persistence;
using AetherLearn.Core.Common.Security;
using AetherLearn.Core.Content;
using AetherLearn.Core.Progression;
using AetherLearn.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace AetherLearn.Core.Sessions;

internal sealed class LiveSessions(
    IDbSessionFactory dbFactory,
    ICurrentUser currentUser,
    SessionViews views,
    IAttemptQueries attempts,
    IExerciseCatalog catalog,
    ISequencing sequencing,
    IPeopleDirectory people,
    TimeProvider clock) : ILiveSessions
{
    // A student may open the room a little before the lesson, and their work just after it still counts.
    private static readonly TimeSpan Early = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan ActivityWindow = TimeSpan.FromMinutes(30);

    public async Task<LiveJoin> AuthorizeJoinAsync(Guid sessionId, CancellationToken ct = default)
    {
        if (currentUser.UserId is not { } me || currentUser.CentreId is not { } centre) { throw new ForbiddenException(); }
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await db.TutoringSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new NotFoundException("Session");
        if (session.Status == SessionStatus.Cancelled) { throw new ConflictException("This session was cancelled"); }
        var name = currentUser.Name ?? "";
        if (currentUser.Role == Role.Student)
        {
            if (!await db.Enrolments.AnyAsync(e => e.SessionId == sessionId && e.StudentId == me && e.RemovedAt == null, ct)) { throw new NotFoundException("Session"); }
            return new LiveJoin(sessionId, centre, me, name, RoomSide.Student);
        }
        if (session.TutorId == me || currentUser.IsInRole(Role.Supervisor)) { return new LiveJoin(sessionId, centre, me, name, RoomSide.Tutor); }
        throw new ForbiddenException("Only the session's tutor, a supervisor or an enrolled student can join its room");
    }

    public async Task<LiveSnapshot> SnapshotAsync(Guid sessionId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<IHelpDb>();
        var session = await SessionViews.FindAsync(db, sessionId, ct);
        var item = await views.ListItemAsync(db, session, ct);
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.SessionId == sessionId && e.RemovedAt == null).ToListAsync(ct);
        var studentIds = enrolments.Select(e => e.StudentId).ToList();
        var names = await people.FindAsync(studentIds, ct);
        var help = await db.HelpRequests.AsNoTracking()
            .Where(h => h.SessionId == sessionId && (h.Status == HelpRequestStatus.Open || h.Status == HelpRequestStatus.Acknowledged)).ToListAsync(ct);
        // The session's own work, as its dashboard counts it (a lesson started early included).
        var window = await SessionWork.AttemptsAsync(attempts, session, enrolments, clock.GetUtcNow().UtcDateTime, ct);
        var titles = await catalog.FindManyAsync(window.Select(a => a.ExerciseId), ct);
        var students = new List<LiveStudent>();
        foreach (var e in enrolments)
        {
            var mine = window.Where(a => a.StudentId == e.StudentId).ToList();
            var current = mine.LastOrDefault(a => a.Status == AttemptStatus.InProgress);
            var last = mine.Where(a => a.Status == AttemptStatus.Submitted).MaxBy(a => a.SubmittedAt);
            var raised = help.FirstOrDefault(h => h.StudentId == e.StudentId);
            var name = names.GetValueOrDefault(e.StudentId)?.Name ?? "";
            students.Add(new LiveStudent(e.StudentId, e.Id, name,
                session.CourseId is { } course ? await sequencing.LevelOfAsync(e.StudentId, course, ct) : null, e.Attendance,
                current?.ExerciseId, current is null ? null : titles.GetValueOrDefault(current.ExerciseId)?.Title, current?.StartedAt,
                current?.AnsweredCount ?? 0, current is { QuestionCount: > 0 } c ? c.AnsweredCount * 100 / c.QuestionCount : 0, last?.ScorePercent,
                raised is null ? null : new HelpRequestView(raised.Id, raised.SessionId, raised.StudentId, name, raised.Message, raised.Status,
                    raised.CreatedAt, raised.AcknowledgedAt, raised.ClosedAt)));
        }
        return new LiveSnapshot(sessionId, session.CentreId, session.Title, item.CourseTitle, session.Status, students.OrderBy(s => s.Name).ToList());
    }

    public async Task<SessionListItem?> CurrentForStudentAsync(CancellationToken ct = default)
    {
        if (currentUser.Role != Role.Student || currentUser.UserId is not { } me) { return null; }
        await using var db = dbFactory.Create<ISessionsDb>();
        var id = (await LiveQuery(db, me, Early, TimeSpan.Zero).OrderBy(s => s.StartsAt).Select(s => s.Id).ToListAsync(ct)).FirstOrDefault();
        if (id == Guid.Empty) { return null; }
        return await views.ListItemAsync(db, await SessionViews.FindAsync(db, id, ct), ct);
    }

    public async Task<IReadOnlyList<Guid>> LiveSessionsOfStudentAsync(Guid studentId, Guid? enrolmentId = null, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISessionsDb>();
        if (enrolmentId is { } enrolment)
        {
            return await db.Enrolments.AsNoTracking().Where(e => e.Id == enrolment && e.StudentId == studentId).Select(e => e.SessionId).ToListAsync(ct);
        }
        return await LiveQuery(db, studentId, ActivityWindow, ActivityWindow).Select(s => s.Id).ToListAsync(ct);
    }

    public async Task<Guid> EnrolmentOfAsync(Guid sessionId, Guid studentId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISessionsDb>();
        var id = await db.Enrolments.Where(e => e.SessionId == sessionId && e.StudentId == studentId && e.RemovedAt == null).Select(e => e.Id).FirstOrDefaultAsync(ct);
        return id == Guid.Empty ? throw new NotFoundException("Student in this session") : id;
    }

    /// <summary>
    /// Sessions of the student that are running (however early the tutor started them), or scheduled and whose time
    /// (widened by the margins) includes now.
    /// </summary>
    private IQueryable<TutoringSession> LiveQuery(ISessionsDb db, Guid studentId, TimeSpan before, TimeSpan after)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var startsBy = now + before;
        var endsAfter = now - after;
        var enrolled = db.Enrolments.Where(e => e.StudentId == studentId && e.RemovedAt == null).Select(e => e.SessionId);
        // A lesson left running past its end still counts for a while; one forgotten for days does not.
        var overrun = now - TimeSpan.FromHours(3);
        return db.TutoringSessions.AsNoTracking().Where(s => enrolled.Contains(s.Id)
            && ((s.Status == SessionStatus.Scheduled && s.StartsAt <= startsBy && s.EndsAt > endsAfter) || (s.Status == SessionStatus.InProgress && s.EndsAt > overrun)));
    }
}

internal sealed class SessionFactsQuery(IDbSessionFactory dbFactory) : ISessionFacts
{
    public async Task<SessionFacts?> FindAsync(Guid sessionId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISessionsDb>();
        var session = await db.TutoringSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) { return null; }
        var students = await db.Enrolments.Where(e => e.SessionId == sessionId && e.RemovedAt == null).Select(e => e.StudentId).ToListAsync(ct);
        return new SessionFacts(session.Id, session.Title, session.StartsAt, session.EndsAt, session.TutorId, students);
    }

    public async Task<AttendanceStatus?> AttendanceAsync(Guid sessionId, Guid studentId, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISessionsDb>();
        return await db.Enrolments.AsNoTracking().Where(e => e.SessionId == sessionId && e.StudentId == studentId)
            .OrderBy(e => e.RemovedAt != null).ThenByDescending(e => e.EnrolledAt).Select(e => e.Attendance).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<DateTime>> LessonStartsAsync(Guid studentId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await using var db = dbFactory.Create<ISessionsDb>();
        var enrolled = db.Enrolments.Where(e => e.StudentId == studentId && e.RemovedAt == null).Select(e => e.SessionId);
        return await db.TutoringSessions.AsNoTracking()
            .Where(s => enrolled.Contains(s.Id) && s.Status != SessionStatus.Cancelled && s.StartsAt >= fromUtc && s.StartsAt < toUtc)
            .Select(s => s.StartsAt).ToListAsync(ct);
    }
}
